#pragma once
// The server's supervision tree: every long-lived actor of the process lives under `root`.
//
//   root (one-for-one)
//     event-writer   restarted on a reopened store after a failed write
//
// Registries of the domain's entity types and the projections join under root as they are added.
// When root gives up, a watcher logs which child gave up and why and wakes the main thread (a
// SIGTERM to this process), which then exits with a non-zero code.
//
// Thread-safety: start and stop on the main thread; `failed()` from any thread.
#include "actors/store_holder.hpp"
#include "actors/supervisor.hpp"

#include <caf/actor_system.hpp>

#include <atomic>
#include <memory>

namespace colors::app {

class process_tree {
public:
  process_tree(caf::actor_system& sys, std::shared_ptr<actors::store_holder> holder);

  const caf::actor& root() const { return handle_.supervisor; }
  // The event-writer's stable address (its proxy).
  caf::actor writer() const { return handle_.child("event-writer"); }
  // True once root has given up.
  bool failed() const { return failed_->load(); }
  // Stops every actor of the tree (a normal shutdown; not a failure).
  void stop();

private:
  actors::supervisor_handle handle_;
  caf::actor watcher_;
  std::shared_ptr<std::atomic<bool>> failed_ = std::make_shared<std::atomic<bool>>(false);
};

} // namespace colors::app
