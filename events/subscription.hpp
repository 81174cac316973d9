#pragma once
// A live subscription to the global log.
//
// Delivers every event with global_seq >= from_seq to `sink`, in commit order, with no gap and
// no duplicate: it catches up from the store, then follows the writer's commit notifications.
// Delivery is position-based (the next expected sequence), so the hand-over from catch-up to
// live cannot skip or repeat an event; a notification that does not continue the position is
// replaced by a read from the store.
//
// The sink handles (events_atom, event_batch) and replies (an empty reply is fine) when it is
// ready for more; at most one batch is in flight, so a slow sink slows the subscription, not
// the writer. The subscription stops when the sink or the writer goes down.
#include "events/atoms.hpp"
#include "events/store.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <memory>

namespace colors::events {

struct subscription_options {
  uint64_t from_seq = 1;
  size_t batch_size = 1024;       // events per delivery during catch-up
  size_t max_buffered = 1 << 16;  // live events held while the sink is busy; past it, reread
};

caf::actor subscribe(caf::actor_system& sys, std::shared_ptr<const store> db,
                     caf::actor writer, caf::actor sink, subscription_options opts = {});

} // namespace colors::events
