#pragma once
// Knobs of one entity type and of its registry. Plain data.
#include "actors/persist_watch.hpp"
#include "events/store.hpp"

#include <caf/actor.hpp>
#include <caf/timespan.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace colors::actors {

struct entity_options {
  uint64_t snapshot_every = 100;  // events between snapshots; 0: never
  size_t max_stash = 1000;        // commands waiting on a persist or the recovery
  caf::timespan idle_timeout = std::chrono::minutes{2}; // 0: never passivate when idle
  // An append unanswered this long has an unknown outcome (noticed within 1.5x: persist_watch).
  // 0: wait for the writer however long it takes.
  caf::timespan persist_timeout = std::chrono::seconds{10};
  size_t max_active = 100000;     // past it, the least recently used entities passivate
  size_t max_recovering = 16;     // recoveries in flight at once, so a cold start cannot stampede
  // Threads of the registry's recovery readers (blocking RocksDB reads stay off the scheduler).
  // 0: one reader on the scheduler instead, only for CAF's deterministic test scheduler.
  size_t recovery_readers = 2;
};

// What every entity of one type shares. Immutable after the registry starts.
struct entity_context {
  // The current store: the writer's supervisor may reopen it after a write failure.
  std::function<std::shared_ptr<events::store>()> db;
  caf::actor writer; // the writer's proxy
  entity_options opts;
  // The deadlines of the entities' appends in flight (thread-safe; the pointer is fixed).
  std::shared_ptr<persist_watch> watch = std::make_shared<persist_watch>();
};

} // namespace colors::actors
