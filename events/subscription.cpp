#include "events/subscription.hpp"

#include <caf/all.hpp>

#include <deque>

namespace colors::events {

namespace {

struct subscription_state {
  std::shared_ptr<const store> db;
  caf::actor sink;
  subscription_options opts;
  uint64_t position = 1; // next global sequence to deliver
  bool registered = false;
  bool in_flight = false;
  std::deque<event_batch> buffer;
  size_t buffered = 0;
  static inline const char* name = "log-subscription";
};

using subscription_actor = caf::stateful_actor<subscription_state>;

bool needs_upcast(const store& db) {
  const auto& up = db.options().upcasters;
  return up && !up->empty();
}

void drop_stale(subscription_state& st) {
  while (!st.buffer.empty() && st.buffer.front()->back().global_seq() < st.position) {
    st.buffered -= st.buffer.front()->size();
    st.buffer.pop_front();
  }
}

// The part of the first buffered batch that continues `position`, or nothing.
caf::expected<event_batch> take_from_buffer(subscription_state& st) {
  drop_stale(st);
  if (st.buffer.empty() || st.buffer.front()->front().global_seq() > st.position)
    return event_batch{};
  auto batch = st.buffer.front();
  st.buffer.pop_front();
  st.buffered -= batch->size();
  auto offset = st.position - batch->front().global_seq();
  if (offset == 0 && !needs_upcast(*st.db))
    return batch;
  auto slice = std::make_shared<std::vector<envelope>>(batch->begin() + offset, batch->end());
  if (needs_upcast(*st.db))
    for (auto& env : *slice)
      if (auto err = st.db->options().upcasters->upcast(env))
        return err;
  return event_batch{std::move(slice)};
}

caf::expected<event_batch> next_batch(subscription_state& st) {
  auto buffered = take_from_buffer(st);
  if (!buffered || *buffered)
    return buffered;
  auto read = st.db->read_all(st.position, st.opts.batch_size);
  if (!read)
    return read.error();
  if (read->empty())
    return event_batch{};
  return event_batch{std::make_shared<const std::vector<envelope>>(std::move(*read))};
}

void pump(subscription_actor* self) {
  auto& st = self->state;
  if (!st.registered || st.in_flight)
    return;
  auto batch = next_batch(st);
  if (!batch) {
    self->quit(batch.error());
    return;
  }
  if (!*batch)
    return; // caught up: wait for the next commit
  st.in_flight = true;
  st.position = (*batch)->back().global_seq() + 1;
  self->request(st.sink, caf::infinite, events_atom::value, *batch)
    .then(
      [=]() {
        self->state.in_flight = false;
        pump(self);
      },
      [=](caf::error& err) { self->quit(std::move(err)); });
}

void on_commit(subscription_actor* self, const event_batch& batch) {
  auto& st = self->state;
  if (!batch || batch->empty() || batch->back().global_seq() < st.position)
    return;
  if (st.buffered + batch->size() > st.opts.max_buffered) {
    st.buffer.clear(); // the store has them; read them from there when the sink is ready
    st.buffered = 0;
  } else {
    st.buffer.push_back(batch);
    st.buffered += batch->size();
  }
  pump(self);
}

caf::behavior subscription(subscription_actor* self, std::shared_ptr<const store> db,
                           caf::actor writer, caf::actor sink, subscription_options opts) {
  auto& st = self->state;
  st.db = std::move(db);
  st.sink = sink;
  st.opts = opts;
  st.position = std::max<uint64_t>(opts.from_seq, 1);
  self->monitor(sink);
  self->monitor(writer);
  self->set_down_handler([=](caf::down_msg& dm) { self->quit(dm.reason); });
  self->request(writer, caf::infinite, subscribe_atom::value, caf::actor_cast<caf::actor>(self))
    .then(
      [=](uint64_t) {
        self->state.registered = true;
        pump(self);
      },
      [=](caf::error& err) { self->quit(std::move(err)); });
  return {
    [=](committed_atom, const event_batch& batch) { on_commit(self, batch); },
  };
}

} // namespace

caf::actor subscribe(caf::actor_system& sys, std::shared_ptr<const store> db, caf::actor writer,
                     caf::actor sink, subscription_options opts) {
  return sys.spawn<caf::detached>(subscription, std::move(db), std::move(writer), std::move(sink),
                                  opts);
}

} // namespace colors::events
