#pragma once
// The server's supervision tree: every long-lived actor of the process lives under `root`.
//
//   root (one-for-one)
//     storage (one-for-one)
//       event-writer   restarted on a reopened store after a failed write
//     <services>       registries of the entity types, the live hub feed, ... (in order)
//
// The writer sits in its own supervisor so that its proxy exists before the services that need
// it are built: `services(writer_proxy)` returns their specs.
// When root gives up, a watcher logs which child gave up and why and wakes the main thread (a
// SIGTERM to this process), which then exits with a non-zero code.
//
// A sampler inspects the tree every second and publishes its mailbox sizes and entity counts as
// gauges on /metrics (actors/tree_metrics.hpp).
//
// Test hook: with the environment variable COLORS_TEST_FAILING_CHILD set (to anything non-empty),
// root gets one more child, "test-failing-child", whose every start fails, so root gives up after
// its restart budget (5 within 30 s, about 1.5 s of backoff) and the process exits non-zero.
// Only tests/root_failure.test.mjs sets it.
//
// Thread-safety: start and stop on the main thread; `failed()` from any thread.
#include "actors/store_holder.hpp"
#include "actors/supervisor.hpp"

#include <caf/actor_system.hpp>

#include <atomic>
#include <functional>
#include <vector>
#include <memory>

namespace colors::app {

class process_tree {
public:
  using services_fn = std::function<std::vector<actors::child_spec>(caf::actor writer)>;

  process_tree(caf::actor_system& sys, std::shared_ptr<actors::store_holder> holder,
               services_fn services = {});

  const caf::actor& root() const { return handle_.supervisor; }
  // The event-writer's stable address (its proxy).
  caf::actor writer() const { return handle_.child("event-writer"); }
  // Any child's stable address by name (e.g. a registry's).
  caf::actor child(const std::string& name) const { return handle_.child(name); }
  // True once root has given up.
  bool failed() const { return failed_->load(); }
  // Stops every actor of the tree (a normal shutdown; not a failure).
  void stop();

private:
  // First: the watcher is built with it.
  std::shared_ptr<std::atomic<bool>> failed_ = std::make_shared<std::atomic<bool>>(false);
  actors::supervisor_handle handle_;
  caf::actor watcher_;
  caf::actor sampler_;
};

} // namespace colors::app
