#pragma once
// The generic entity actor: all actor plumbing of an aggregate whose logic is the pure functions
// of `A` (see domain/counter.hpp for the shape of `A`).
//
// Lifecycle: spawned by its registry, which has one of its recovery readers (recovery_reader.hpp)
// load the latest snapshot and the (upcast) events after it when a recovery slot is free; the
// entity decodes and applies them (no blocking I/O in the entity). Commands that arrive
// before the recovery or during a persist are stashed in order (at most `max_stash`, past it
// `overloaded`). A command is decided on the current state; a refused command changes nothing
// and returns its error; accepted events are appended with the exact expected version, and only
// after the writer's durable ack are they applied and the caller answered. When the outcome of
// an append is unknown (writer down, no answer within `persist_timeout`, conflict) the entity
// fails its stash with `unavailable` and stops, so that the next command recovers it from the
// store.
// When its registry passivates it (idle, or least recently used), it stops as soon as no persist
// is in flight and its stash is empty. Requests come delegated by the registry, so the entity
// answers the caller directly; when it stops, whatever it still holds is answered `unavailable`
// (entity_state's destructor).
//
// Protocol:
//   (loaded_atom, recovery_data_ptr)     from a recovery reader: the stored state
//   (command_atom, A::command_type) -> A::reply_type
//   (query_atom) -> A::reply_type        the current state's reply (after recovery)
//   (passivate_atom)                     from the registry: stop when nothing is in flight
//   (overdue_atom, uint64_t ticket)      from the registry: that append is past its deadline
// Sends to the registry: (recovered_atom, id), (remember_atom, id, bool).
// An aggregate with `static bool remembered(const state&)` is re-activated after a restart while
// that is true, and its registry does not passivate it meanwhile.
// Memory: one live entity per active id, so the state is kept small (CAF's own actor is ~1 KB):
// the stream name is derived when needed and the stash allocates only while it holds commands.
// Thread-safety: an actor; its state is touched only by its own handlers.
#include "actors/atoms.hpp"
#include "actors/recovery_reader.hpp"
#include "actors/entity_options.hpp"
#include "common/errc.hpp"
#include "events/atoms.hpp"

#include <caf/all.hpp>

#include <optional>
#include <vector>

namespace colors::actors {

template <class A>
struct entity_state {
  using reply_promise = caf::typed_response_promise<typename A::reply_type>;
  struct stashed {
    bool is_query = false;
    typename A::command_type command;
    reply_promise promise;
  };
  std::string id;
  std::shared_ptr<const entity_context> ctx;
  caf::actor registry;
  typename A::state_type state{};
  uint64_t version = 0;
  uint64_t snapshot_version = 0;
  bool ready = false;
  bool passivating = false;
  bool remembered = false;  // as last reported to the registry
  bool from_memory = false; // activated by the registry's remembered set, not by a message
  // Commands waiting, oldest at `stash_head`; released when drained (most entities never stash
  // more than their first message, and a std::deque would allocate ~600 bytes up front).
  std::vector<stashed> stash;
  uint32_t stash_head = 0;
  size_t stashed_count() const { return stash.size() - stash_head; }
  // The command whose events are being appended, and its append's ticket in ctx->watch.
  std::optional<reply_promise> in_flight;
  uint64_t persist_ticket = 0;
  bool persisting() const { return in_flight.has_value(); }
  static inline const char* name = "entity";

  // The entity stops (passivation, a failure, a crash): every command it still holds gets
  // `unavailable`, so a caller never waits for a dead entity (the registry delegates requests
  // to it and is not on the reply path). An answered promise ignores a second answer.
  ~entity_state() {
    if (persisting())
      ctx->watch->end(persist_ticket);
    if (!in_flight && stashed_count() == 0)
      return; // the usual stop (passivation): nothing held, no error to build
    auto why = make_error(errc::unavailable, "entity stopped before answering");
    if (in_flight)
      in_flight->deliver(why);
    for (auto i = stash.begin() + stash_head; i != stash.end(); ++i)
      i->promise.deliver(why);
  }
};

template <class A>
using entity_actor = caf::stateful_actor<entity_state<A>>;

template <class A>
std::string stream_of(const std::string& id) {
  return std::string{A::type} + "-" + id;
}

template <class A>
std::string stream_of(const entity_state<A>& st) {
  return stream_of<A>(st.id);
}

// An aggregate whose entities must keep working with no message arriving says so per state.
template <class A>
concept rememberable = requires(const typename A::state_type& s) {
  { A::remembered(s) } -> std::convertible_to<bool>;
};

namespace entity_detail {

template <class A>
bool wants_remembering(const typename A::state_type& s) {
  if constexpr (rememberable<A>)
    return A::remembered(s);
  else
    return false;
}

// Tells the registry when the entity starts or stops needing re-activation after a restart.
template <class A>
void sync_remembered(entity_actor<A>* self, bool force) {
  auto& st = self->state;
  bool now = wants_remembering<A>(st.state);
  if (now == st.remembered && !force)
    return;
  st.remembered = now;
  self->send(st.registry, remember_atom::value, st.id, now);
}

// Applies what a reader loaded: the snapshot, then the events after it. Pure CPU, no I/O.
template <class A>
caf::error recover(entity_state<A>& st, const recovery_data& data) {
  if (data.error)
    return data.error;
  if (data.snapshot) {
    auto decoded = A::decode_state(data.snapshot->state());
    if (!decoded)
      return decoded.error();
    st.state = std::move(*decoded);
    st.version = st.snapshot_version = data.snapshot->stream_version();
  }
  for (const auto& env : data.events) {
    auto ev = A::decode(env);
    if (!ev)
      return ev.error();
    st.state = A::evolve(std::move(st.state), *ev);
    st.version = env.stream_version();
  }
  return {};
}

template <class A>
void maybe_snapshot(entity_state<A>& st) {
  auto every = st.ctx->opts.snapshot_every;
  if (every == 0 || st.version - st.snapshot_version < every)
    return;
  events::SnapshotRecord rec;
  rec.set_stream_id(stream_of(st));
  rec.set_stream_version(st.version);
  rec.set_type(A::snapshot_type);
  rec.set_schema_version(A::snapshot_schema);
  rec.set_state(A::encode_state(st.state));
  // A failed snapshot costs only a longer recovery later; the events are the truth.
  auto db = st.ctx->db();
  if (db && !db->save_snapshot(rec))
    st.snapshot_version = st.version;
}

template <class A>
void stop(entity_actor<A>* self, caf::error reason) {
  self->quit(std::move(reason));
}

template <class A>
void fail_stash(entity_actor<A>* self, const caf::error& err) {
  auto& st = self->state;
  for (auto i = st.stash.begin() + st.stash_head; i != st.stash.end(); ++i)
    i->promise.deliver(err);
  std::vector<typename entity_state<A>::stashed>{}.swap(st.stash);
  st.stash_head = 0;
}

template <class A>
void drain(entity_actor<A>* self);

// Ends the persist in flight: its append was answered (or is given up on).
template <class A>
typename entity_state<A>::reply_promise take_in_flight(entity_state<A>& st) {
  st.ctx->watch->end(st.persist_ticket);
  auto rp = std::move(*st.in_flight);
  st.in_flight.reset();
  return rp;
}

template <class A>
void on_persisted(entity_actor<A>* self, std::vector<typename A::event_type>& evs,
                  const events::append_result& res) {
  auto& st = self->state;
  for (auto& e : evs)
    st.state = A::evolve(std::move(st.state), e);
  auto rp = take_in_flight(st); // after evolve: should it throw, the destructor answers
  st.version = res.last_version;
  maybe_snapshot(st);
  sync_remembered(self, false);
  rp.deliver(A::reply(st.state));
  drain(self);
}

template <class A>
void on_persist_failed(entity_actor<A>* self, caf::error& err) {
  auto& st = self->state;
  auto rp = take_in_flight(st);
  auto code = code_of(err);
  rp.deliver(err);
  if (code == errc::invalid_argument || code == errc::too_large) {
    drain(self); // the store refused it before writing: nothing changed
    return;
  }
  auto why = make_error(errc::unavailable, "entity " + stream_of(st) + " stops after an unknown "
                                             "append outcome: " + message_of(err));
  fail_stash(self, why);
  stop(self, why);
}

template <class A>
void persist(entity_actor<A>* self, std::vector<typename A::event_type> evs,
             typename entity_state<A>::reply_promise rp) {
  auto& st = self->state;
  st.in_flight = std::move(rp);
  std::vector<events::new_event> encoded;
  for (const auto& e : evs)
    encoded.push_back(A::encode(e));
  auto expected = st.version == 0 ? events::expected_version::no_stream()
                                  : events::expected_version::exactly(st.version);
  auto shared = std::make_shared<std::vector<typename A::event_type>>(std::move(evs));
  // No CAF request timeout (see persist_watch.hpp): the registry tells the entity when the
  // append is overdue.
  if (st.ctx->opts.persist_timeout.count() > 0)
    st.persist_ticket = st.ctx->watch->begin(caf::actor_cast<caf::actor>(self),
                                             self->clock().now() + st.ctx->opts.persist_timeout);
  self->request(st.ctx->writer, caf::infinite, events::append_atom::value,
                stream_of(st), expected, std::move(encoded))
    .then([=](events::append_result& res) { on_persisted(self, *shared, res); },
          [=](caf::error& err) { on_persist_failed(self, err); });
}

// `A::decide`, with an exception (a bug: decide is pure and reports refusals as errors) turned
// into an error for the caller: the promise of a command handled at once lives on the stack.
template <class A>
auto decide_safely(const entity_state<A>& st, const typename A::command_type& cmd)
  -> decltype(A::decide(st.state, cmd)) {
  try {
    return A::decide(st.state, cmd);
  } catch (const std::exception& e) {
    return make_error(errc::unavailable, "entity " + stream_of(st) + " could not decide a "
                                           "command: " + e.what());
  }
}

template <class A>
void handle(entity_actor<A>* self, typename entity_state<A>::stashed& s) {
  auto& st = self->state;
  if (s.is_query) {
    s.promise.deliver(A::reply(st.state));
    return;
  }
  auto evs = decide_safely<A>(st, s.command);
  if (!evs)
    s.promise.deliver(evs.error());
  else if (evs->empty())
    s.promise.deliver(A::reply(st.state));
  else
    persist(self, std::move(*evs), s.promise);
}

template <class A>
void drain(entity_actor<A>* self) {
  auto& st = self->state;
  while (st.ready && !st.persisting() && st.stashed_count() > 0) {
    auto next = std::move(st.stash[st.stash_head++]);
    if (st.stashed_count() == 0) {
      std::vector<typename entity_state<A>::stashed>{}.swap(st.stash);
      st.stash_head = 0;
    }
    handle(self, next);
  }
  if (st.passivating && !st.persisting() && st.stashed_count() == 0)
    stop(self, caf::error{});
}

template <class A>
caf::result<typename A::reply_type> receive(entity_actor<A>* self, bool is_query,
                                            typename A::command_type cmd) {
  auto& st = self->state;
  if (st.stashed_count() >= st.ctx->opts.max_stash)
    return make_error(errc::overloaded, "entity " + stream_of(st) + " has "
                                          + std::to_string(st.stashed_count())
                                          + " commands waiting");
  auto rp = self->template make_response_promise<typename A::reply_type>();
  typename entity_state<A>::stashed item{is_query, std::move(cmd), rp};
  if (st.ready && !st.persisting() && st.stashed_count() == 0)
    handle(self, item); // nothing waits: no stash round trip (and no allocation)
  else
    st.stash.push_back(std::move(item));
  drain(self);
  return rp;
}

// The registry found the append of `ticket` past its deadline; a reply that comes later finds
// the entity stopped.
template <class A>
void on_overdue(entity_actor<A>* self, uint64_t ticket) {
  auto& st = self->state;
  if (!st.persisting() || st.persist_ticket != ticket)
    return; // answered meanwhile
  auto err = make_error(errc::timeout, "the append of " + stream_of(st) + " was not answered "
                                         "within the persist timeout");
  on_persist_failed(self, err);
}

template <class A>
void activate(entity_actor<A>* self, const recovery_data& data) {
  auto& st = self->state;
  if (st.ready)
    return; // one recovery per incarnation
  auto err = recover(st, data);
  self->send(st.registry, recovered_atom::value, st.id);
  if (err) {
    fail_stash(self, err);
    stop(self, err);
    return;
  }
  st.ready = true;
  // Re-sent after recovery so that a stale entry (a crash between persist and remember) heals.
  sync_remembered(self, st.from_memory || wants_remembering<A>(st.state));
  drain(self);
}

} // namespace entity_detail

template <class A>
caf::behavior entity(entity_actor<A>* self, std::string id,
                     std::shared_ptr<const entity_context> ctx, caf::actor registry,
                     bool from_memory) {
  namespace d = entity_detail;
  auto& st = self->state;
  st.from_memory = from_memory;
  st.id = std::move(id);
  st.ctx = std::move(ctx);
  // The registry stops its entities when it ends (registry.hpp). The entity does not monitor
  // it: CAF 0.17 keeps a monitor's record, and with it the dead entity's memory, in the
  // registry until the registry ends, and removing it on every stop is a linear scan.
  st.registry = registry;
  return {
    [=](loaded_atom, const recovery_data_ptr& data) { d::activate(self, *data); },
    [=](command_atom, typename A::command_type& cmd) {
      return d::receive(self, false, std::move(cmd));
    },
    [=](query_atom) { return d::receive(self, true, typename A::command_type{}); },
    [=](passivate_atom) {
      self->state.passivating = true;
      d::drain(self);
    },
    [=](overdue_atom, uint64_t ticket) { d::on_overdue(self, ticket); },
  };
}

} // namespace colors::actors
