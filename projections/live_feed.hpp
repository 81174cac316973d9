#pragma once
// Log feeds: a supervised actor that follows the global log (events::subscribe) from a sink's
// position and publishes every batch to it: the live topic hub, the catalog read model.
//
// The writer it follows may restart, and after a failed write the store itself is reopened.
// The feed notices both on a periodic check and then restarts its log subscription from the
// sink's position with the current store: it releases the old store first (a reopen needs its
// last reference gone) and does not take one that refuses writes. It also restarts a
// subscription that made no progress while the log moved on (one registered with a writer
// incarnation that has since died). Position-based delivery makes every restart gap-free and
// duplicate-free.
//
// Thread-safety: an actor; its sink is called from the actor only.
#include "actors/store_holder.hpp"
#include "actors/supervisor.hpp"
#include "projections/topic_hub.hpp"

#include <caf/actor.hpp>
#include <caf/timespan.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace colors::projections {

struct live_feed_options {
  caf::timespan check_every = std::chrono::milliseconds{500};
};

// What a feed delivers the log to: the next global sequence it expects (where a restarted
// feed resumes) and the batches in order. Called from the feed actor only.
struct log_sink {
  virtual ~log_sink() = default;
  virtual uint64_t position() const = 0;
  virtual void publish(const std::vector<events::envelope>& batch) = 0;
};

// A feed into `sink` as a child of a supervisor, named `name`. `writer` is the writer's
// stable proxy.
actors::child_spec log_feed_child(std::string name, std::shared_ptr<actors::store_holder> holder,
                                  caf::actor writer, std::shared_ptr<log_sink> sink,
                                  live_feed_options opts = {});

using batch_fn = std::function<void(const std::vector<events::envelope>&)>;

// The feed of the live hub ("live-hub"). `before` (optional) sees each batch before the hub's
// listeners do: read models that live subscriptions read (projections/tryon_tasks.hpp).
actors::child_spec live_feed_child(std::shared_ptr<actors::store_holder> holder, caf::actor writer,
                                   std::shared_ptr<topic_hub> hub, batch_fn before = {},
                                   live_feed_options opts = {});

} // namespace colors::projections
