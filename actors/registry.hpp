#pragma once
// The registry of one entity type: at most one live actor per entity id.
//
// The registry is the only place that spawns an entity, and it does so on the first command for
// an id; later commands for the same id (also ones racing the first) go to the same actor,
// because the registry handles them one at a time. A passivating entity keeps its id until its
// actor is down: commands for it wait in the registry and then activate a fresh actor, so two
// actors of one id never overlap. Recoveries run at most `max_recovering` at once; the others
// wait for a slot. The blocking reads of a recovery run on the registry's recovery readers
// (recovery_reader.hpp, `recovery_readers` threads linked to it), never on the scheduler.
// An entity unused for `idle_timeout` passivates (one periodic sweep per
// registry, not a timer per entity: a pending CAF timer keeps its actor's memory), and past
// `max_active` live entities the least recently used one does. Remembered entities are exempt
// from both. The registry also checks, every half `persist_timeout`, for entity appends past
// their deadline (persist_watch.hpp) and tells those entities.
//
// The registry delegates each request to its entity (CAF `delegate`: the original sender and
// request id travel with it), so the entity answers the caller directly and the registry is off
// the reply path. An entity that dies answers the commands it holds with `unavailable`
// (entity.hpp); one still in its mailbox is bounced by CAF with `request_receiver_down`, which
// `code_of` reads as `unavailable` too. So a caller never hangs on a dead entity.
//
// Protocol:
//   (command_atom, std::string id, A::command_type) -> A::reply_type
//   (query_atom, std::string id) -> A::reply_type
//   (inspect_atom) -> node_info   with the active and passivated counts of its type
// At start it re-activates the type's remembered entities (remembered.hpp).
// Memory: per active entity the registry keeps one `entities` node, one `live` node and one
// LRU entry (which refers to the `entities` key instead of copying the id).
// Thread-safety: an actor; its state is touched only by its own handlers.
#include "actors/entity.hpp"
#include "actors/lru_index.hpp"
#include "actors/node_info.hpp"
#include "actors/remembered.hpp"
#include "actors/supervisor.hpp"
#include "common/log.hpp"

#include <caf/all.hpp>

#include <unordered_map>
#include <unordered_set>

namespace colors::actors {

template <class A>
struct registry_state {
  using reply_promise = caf::typed_response_promise<typename A::reply_type>;
  struct waiting {
    bool is_query = false;
    typename A::command_type command;
    reply_promise promise;
  };
  enum class phase : uint8_t { waiting, recovering, ready };
  struct entry {
    caf::actor actor;
    phase stage = phase::waiting; // waiting: for a recovery slot
    bool passivating = false;
    // For a passivating entity, replayed on its successor; allocated only then.
    std::unique_ptr<std::vector<waiting>> queued;
  };
  struct live_entity {
    caf::actor actor;
    std::string id;
  };
  // Live entities by actor id: down messages name the actor, not the entity id.
  using live_map = std::unordered_map<caf::actor_id, live_entity>;
  std::shared_ptr<const entity_context> ctx;
  std::unordered_map<std::string, entry> entities; // node-based: `lru` views its keys
  // Shared with the exit functor that stops the live entities when the registry ends.
  std::shared_ptr<live_map> live = std::make_shared<live_map>();
  std::vector<caf::actor> readers;                 // recovery readers, used in turn
  size_t next_reader = 0;
  lru_index lru;                                   // active entities that may passivate
  std::unordered_set<std::string> remembered;      // active entities that must not
  std::deque<caf::actor> recovery_queue; // entities waiting for a recovery slot
  size_t recovering = 0;
  std::unordered_set<std::string> passivated;
  static inline const char* name = "registry";
};

template <class A>
using registry_actor = caf::stateful_actor<registry_state<A>>;

namespace registry_detail {

template <class A>
void spawn_readers(registry_actor<A>* self) {
  auto& st = self->state;
  const auto& opts = st.ctx->opts;
  auto n = std::max<size_t>(opts.recovery_readers, 1);
  for (size_t i = 0; i < n; ++i)
    st.readers.push_back(spawn_recovery_reader(self, st.ctx->db, opts.recovery_readers > 0));
}

template <class A>
void start_recoveries(registry_actor<A>* self) {
  auto& st = self->state;
  while (st.recovering < st.ctx->opts.max_recovering && !st.recovery_queue.empty()) {
    auto next = std::move(st.recovery_queue.front());
    st.recovery_queue.pop_front();
    auto a = st.live->find(next.id());
    if (a == st.live->end())
      continue; // stopped while it waited
    ++st.recovering;
    st.entities[a->second.id].stage = registry_state<A>::phase::recovering;
    auto& reader = st.readers[st.next_reader++ % st.readers.size()];
    self->send(reader, recover_atom::value, stream_of<A>(a->second.id), next);
  }
}

template <class A>
void on_recovered(registry_actor<A>* self, const std::string& id) {
  auto& st = self->state;
  auto i = st.entities.find(id);
  if (i == st.entities.end() || i->second.stage != registry_state<A>::phase::recovering)
    return;
  i->second.stage = registry_state<A>::phase::ready;
  --st.recovering;
  start_recoveries(self);
}

template <class A>
void passivate(registry_actor<A>* self, std::string id) {
  auto i = self->state.entities.find(id);
  if (i == self->state.entities.end() || i->second.passivating)
    return;
  i->second.passivating = true;
  self->state.lru.erase(id);
  self->state.remembered.erase(id);
  self->send(i->second.actor, passivate_atom::value);
}

template <class A>
void enforce_cap(registry_actor<A>* self) {
  auto& st = self->state;
  while (!st.lru.empty() && st.lru.size() + st.remembered.size() > st.ctx->opts.max_active)
    passivate(self, std::string{st.lru.oldest().id});
}

template <class A>
using entity_iterator =
  typename std::unordered_map<std::string, typename registry_state<A>::entry>::iterator;

template <class A>
entity_iterator<A> activate(registry_actor<A>* self, const std::string& id,
                            bool from_memory = false) {
  auto& st = self->state;
  auto child = self->spawn(entity<A>, id, st.ctx, caf::actor{self}, from_memory);
  self->monitor(child);
  st.live->emplace(child.id(), typename registry_state<A>::live_entity{child, id});
  st.passivated.erase(id);
  st.recovery_queue.push_back(child);
  auto e = st.entities.try_emplace(id).first;
  e->second.actor = child;
  start_recoveries(self);
  return e;
}

// Hands `w` to the entity: its reply goes straight to the caller.
template <class A>
void forward(const caf::actor& target, typename registry_state<A>::waiting w) {
  if (w.is_query)
    w.promise.delegate(target, query_atom::value);
  else
    w.promise.delegate(target, command_atom::value, std::move(w.command));
}

// Sends `w` to the live actor of `id`, activating one if needed; holds it while `id` passivates.
template <class A>
void dispatch(registry_actor<A>* self, const std::string& id,
              typename registry_state<A>::waiting w) {
  auto& st = self->state;
  auto i = st.entities.find(id);
  if (i != st.entities.end() && i->second.passivating) {
    if (!i->second.queued)
      i->second.queued = std::make_unique<std::vector<typename registry_state<A>::waiting>>();
    i->second.queued->push_back(std::move(w));
    return;
  }
  if (i == st.entities.end())
    i = activate(self, id);
  if (!st.remembered.count(id))
    st.lru.touch(i->first, self->clock().now());
  forward<A>(i->second.actor, std::move(w));
  enforce_cap(self);
}

template <class A>
caf::result<typename A::reply_type> route(registry_actor<A>* self, const std::string& id,
                                          bool is_query, typename A::command_type cmd) {
  auto rp = self->template make_response_promise<typename A::reply_type>();
  dispatch(self, id, typename registry_state<A>::waiting{is_query, std::move(cmd), rp});
  return rp;
}

template <class A>
void on_down(registry_actor<A>* self, const caf::down_msg& dm) {
  auto& st = self->state;
  auto a = st.live->find(dm.source.id());
  if (a == st.live->end())
    return;
  auto id = std::move(a->second.id);
  st.live->erase(a);
  st.lru.erase(id); // before the entities key it views goes
  auto& gone = st.entities[id];
  auto queued = std::move(gone.queued);
  bool held_slot = gone.stage == registry_state<A>::phase::recovering;
  st.entities.erase(id);
  st.remembered.erase(id);
  if (!dm.reason)
    st.passivated.insert(id);
  if (held_slot) {
    --st.recovering; // it stopped before it could report its recovery
    start_recoveries(self);
  }
  if (queued)
    for (auto& w : *queued)
      dispatch(self, id, std::move(w));
}

template <class A>
void remember(registry_actor<A>* self, const std::string& id, bool on) {
  auto& st = self->state;
  auto i = st.entities.find(id);
  if (i != st.entities.end() && !i->second.passivating) {
    if (on) {
      st.lru.erase(id);
      st.remembered.insert(id);
    } else if (st.remembered.erase(id)) {
      st.lru.touch(i->first, self->clock().now());
    }
  }
  auto db = st.ctx->db();
  auto err = db ? set_remembered(*db, A::type, id, on)
                : make_error(errc::unavailable, "the event store is not open");
  if (err)
    log(log_level::error, "cannot update a remembered entity",
        {{"type", A::type}, {"id", id}, {"error", message_of(err)}});
}

// Re-activates the remembered entities of the type: they must keep working with no message.
template <class A>
void reactivate_remembered(registry_actor<A>* self) {
  auto db = self->state.ctx->db();
  auto ids = db ? remembered_ids(*db, A::type)
                : caf::expected<std::vector<std::string>>{
                    make_error(errc::unavailable, "the event store is not open")};
  if (!ids) {
    log(log_level::error, "cannot list remembered entities",
        {{"type", A::type}, {"error", message_of(ids.error())}});
    return;
  }
  for (const auto& id : *ids) {
    activate(self, id, true);
    self->state.remembered.insert(id);
  }
}

// Passivates the entities unused for `idle_timeout`, oldest first, then sweeps again later.
template <class A>
void sweep_idle(registry_actor<A>* self) {
  auto& st = self->state;
  auto timeout = st.ctx->opts.idle_timeout;
  auto now = self->clock().now();
  while (!st.lru.empty() && now - st.lru.oldest().used >= timeout)
    passivate(self, std::string{st.lru.oldest().id});
  self->delayed_send(self, timeout / 4, idle_atom::value);
}

// Tells the entities whose appends are past their deadline (persist_watch.hpp), then checks
// again after half a timeout.
template <class A>
void check_overdue(registry_actor<A>* self) {
  const auto& ctx = *self->state.ctx;
  for (auto& late : ctx.watch->take_overdue(self->clock().now()))
    self->send(late.entity, overdue_atom::value, late.ticket);
  self->delayed_send(self, ctx.opts.persist_timeout / 2, overdue_atom::value);
}

} // namespace registry_detail

template <class A>
caf::behavior registry(registry_actor<A>* self, std::shared_ptr<const entity_context> ctx) {
  namespace d = registry_detail;
  self->state.ctx = std::move(ctx);
  self->set_down_handler([=](caf::down_msg& dm) { d::on_down(self, dm); });
  self->attach_functor([live = self->state.live] {
    for (auto& [actor_id, entity] : *live)
      caf::anon_send_exit(entity.actor, caf::exit_reason::user_shutdown);
  });
  d::spawn_readers(self);
  d::reactivate_remembered(self);
  if (self->state.ctx->opts.idle_timeout.count() > 0)
    self->delayed_send(self, self->state.ctx->opts.idle_timeout / 4, idle_atom::value);
  if (self->state.ctx->opts.persist_timeout.count() > 0)
    self->delayed_send(self, self->state.ctx->opts.persist_timeout / 2, overdue_atom::value);
  return {
    [=](command_atom, const std::string& id, typename A::command_type& cmd) {
      return d::route(self, id, false, std::move(cmd));
    },
    [=](query_atom, const std::string& id) {
      return d::route(self, id, true, typename A::command_type{});
    },
    [=](recovered_atom, const std::string& id) { d::on_recovered(self, id); },
    [=](idle_atom) { d::sweep_idle(self); },
    [=](overdue_atom) { d::check_overdue(self); },
    [=](remember_atom, const std::string& id, bool on) { d::remember(self, id, on); },
    [=](inspect_atom) {
      auto& st = self->state;
      node_info n;
      n.mailbox_size = static_cast<int64_t>(self->mailbox().size());
      n.entities.push_back({A::type, st.lru.size() + st.remembered.size(), st.passivated.size()});
      return n;
    },
  };
}

// A child_spec-ready factory for the registry of `A`.
template <class A>
caf::actor spawn_registry(caf::actor_system& sys, std::shared_ptr<const entity_context> ctx) {
  return sys.spawn(registry<A>, std::move(ctx));
}

} // namespace colors::actors

namespace colors::actors {

// The registry of `A` as a supervised child (kind "registry": the supervisor asks it for its
// entity counts when the tree is inspected).
template <class A>
child_spec registry_child(std::string name, std::shared_ptr<const entity_context> ctx) {
  child_spec spec;
  spec.name = std::move(name);
  spec.kind = "registry";
  spec.start = [ctx](caf::actor_system& sys) -> caf::expected<caf::actor> {
    return spawn_registry<A>(sys, ctx);
  };
  return spec;
}

} // namespace colors::actors
