#include "projections/live_feed.hpp"

#include "events/atoms.hpp"
#include "events/subscription.hpp"

#include <caf/all.hpp>

namespace colors::projections {

namespace {

using check_atom = caf::atom_constant<caf::atom("check")>;

struct feed_state {
  std::shared_ptr<actors::store_holder> holder;
  caf::actor writer;
  std::shared_ptr<log_sink> sink;
  live_feed_options opts;
  std::shared_ptr<const events::store> db; // the store the subscription reads
  caf::actor subscription;
  uint64_t position_at_last_check = 0;
  static inline const char* name = "live-feed";
};

using feed_actor = caf::stateful_actor<feed_state>;

void stop_subscription(feed_actor* self) {
  auto& st = self->state;
  if (st.subscription)
    self->send_exit(st.subscription, caf::exit_reason::user_shutdown);
  st.subscription = nullptr;
  st.db = nullptr;
}

void start_subscription(feed_actor* self) {
  auto& st = self->state;
  auto db = st.holder->current();
  if (!db || db->write_failed())
    return; // the writer's restart reopens it; try again at the next check
  st.db = db;
  events::subscription_options so;
  so.from_seq = st.sink->position();
  st.subscription = events::subscribe(self->system(), db, st.writer,
                                      caf::actor_cast<caf::actor>(self), so);
  self->monitor(st.subscription);
}

// A subscription that no longer gets what the log has: a replaced or failed store, or silence
// while the log moved past the sink (its writer incarnation died).
bool subscription_is_stale(const feed_state& st) {
  if (!st.db)
    return true;
  if (st.db->write_failed() || st.holder->current() != st.db)
    return true;
  auto pos = st.sink->position();
  return st.db->last_seq() >= pos && pos == st.position_at_last_check;
}

void check(feed_actor* self) {
  auto& st = self->state;
  if (subscription_is_stale(st)) {
    stop_subscription(self);
    start_subscription(self);
  }
  st.position_at_last_check = st.sink->position();
  self->delayed_send(self, st.opts.check_every, check_atom::value);
}

caf::behavior log_feed(feed_actor* self, std::shared_ptr<actors::store_holder> holder,
                       caf::actor writer, std::shared_ptr<log_sink> sink, live_feed_options opts) {
  auto& st = self->state;
  st.holder = std::move(holder);
  st.writer = std::move(writer);
  st.sink = std::move(sink);
  st.opts = opts;
  self->set_down_handler([=](caf::down_msg& dm) {
    if (dm.source == self->state.subscription)
      stop_subscription(self); // restarted at the next check
  });
  start_subscription(self);
  self->delayed_send(self, st.opts.check_every, check_atom::value);
  return {
    [=](events::events_atom, const events::event_batch& batch) {
      if (batch)
        self->state.sink->publish(*batch);
    },
    [=](check_atom) { check(self); },
  };
}

// The hub as a sink.
struct hub_sink final : log_sink {
  hub_sink(std::shared_ptr<topic_hub> h, batch_fn b) : hub(std::move(h)), before(std::move(b)) {}
  uint64_t position() const override { return hub->position(); }
  void publish(const std::vector<events::envelope>& batch) override {
    if (before && !batch.empty() && batch.back().global_seq() >= hub->position())
      before(batch);
    hub->publish(batch);
  }
  std::shared_ptr<topic_hub> hub;
  batch_fn before;
};

} // namespace

actors::child_spec log_feed_child(std::string name, std::shared_ptr<actors::store_holder> holder,
                                  caf::actor writer, std::shared_ptr<log_sink> sink,
                                  live_feed_options opts) {
  actors::child_spec spec;
  spec.name = std::move(name);
  spec.start = [=](caf::actor_system& sys) -> caf::expected<caf::actor> {
    return sys.spawn(log_feed, holder, writer, sink, opts);
  };
  return spec;
}

actors::child_spec live_feed_child(std::shared_ptr<actors::store_holder> holder, caf::actor writer,
                                   std::shared_ptr<topic_hub> hub, batch_fn before,
                                   live_feed_options opts) {
  return log_feed_child("live-hub", std::move(holder), std::move(writer),
                        std::make_shared<hub_sink>(std::move(hub), std::move(before)), opts);
}

} // namespace colors::projections
