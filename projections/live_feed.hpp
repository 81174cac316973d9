#pragma once
// The feed of the live topic hub: a supervised actor that follows the global log
// (events::subscribe) from the hub's position and publishes every batch to the hub.
//
// The writer it follows may restart, and after a failed write the store itself is reopened.
// The feed notices both on a periodic check and then restarts its log subscription from the
// hub's position with the current store: it releases the old store first (a reopen needs its
// last reference gone) and does not take one that refuses writes. It also restarts a
// subscription that made no progress while the log moved on (one registered with a writer
// incarnation that has since died). Position-based delivery makes every restart gap-free and
// duplicate-free.
//
// Thread-safety: an actor; the hub is thread-safe.
#include "actors/store_holder.hpp"
#include "actors/supervisor.hpp"
#include "projections/topic_hub.hpp"

#include <caf/actor.hpp>
#include <caf/timespan.hpp>

#include <chrono>
#include <memory>

namespace colors::projections {

struct live_feed_options {
  caf::timespan check_every = std::chrono::milliseconds{500};
};

// The feed as a child of a supervisor ("live-hub"). `writer` is the writer's stable proxy.
actors::child_spec live_feed_child(std::shared_ptr<actors::store_holder> holder, caf::actor writer,
                                   std::shared_ptr<topic_hub> hub, live_feed_options opts = {});

} // namespace colors::projections
