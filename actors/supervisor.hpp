#pragma once
// Supervision: CAF 0.17 has monitors and links but no supervisors, so this is ours.
//
// A supervisor starts its children from factories, in order, links to them (so that they stop
// when it stops) and monitors them. When a child fails it is restarted after an exponential
// backoff with jitter: one-for-one restarts only the failed child, all-for-one stops the others
// and restarts them all in order. A child that fails more than `max_restarts` times within
// `window` makes the supervisor give up: it logs which child gave up and why, stops all its
// children and exits with an `unavailable` error naming them, which its own parent sees as a
// failure of that child (escalation). The root has no parent: whoever waits on it (main) turns
// its failure into the process exit code.
//
// Callers address a child through its proxy (child_proxy.hpp), never through the child itself:
// the proxy survives restarts, fails requests in flight to a dead incarnation with
// `unavailable`, and holds new ones until the next incarnation is up.
//
// Protocol of the supervisor actor:
//   (inspect_atom) -> node_info   this node and, recursively, its children
//   exit message from anyone but a child: stop the children and quit
//
// Thread-safety: the supervisor is an actor; `supervisor_handle` is an immutable value.
#include "actors/node_info.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>
#include <caf/timespan.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace colors::actors {

enum class restart_strategy : uint8_t { one_for_one, all_for_one };

// permanent: always restarted; transient: restarted only after a failure, not a normal exit.
enum class restart_policy : uint8_t { permanent, transient };

using child_factory = std::function<caf::expected<caf::actor>(caf::actor_system&)>;

struct child_spec {
  std::string name;
  std::string kind = "worker";
  restart_policy policy = restart_policy::permanent;
  child_factory start;
  // The proxies of a nested supervisor's children: they outlive its restarts and are retired
  // with the tree.
  std::map<std::string, caf::actor> nested_proxies;
};

struct supervisor_options {
  std::string name = "root";
  restart_strategy strategy = restart_strategy::one_for_one;
  size_t max_restarts = 5;                       // restarts allowed within `window`
  caf::timespan window = std::chrono::seconds{10};
  caf::timespan initial_backoff = std::chrono::milliseconds{10};
  caf::timespan max_backoff = std::chrono::seconds{5};
  double jitter = 0.2;                           // +-20% of the delay, against restart storms
  uint64_t seed = 0;                             // of the jitter; 0: random
  size_t max_held = 1024;                        // requests a proxy holds while its child restarts
};

// The delay before restart number `attempt` (1-based, counted within the window):
// initial * 2^(attempt-1), at most max, then scaled by 1 + jitter * (2 * unit_random - 1).
caf::timespan backoff_delay(const supervisor_options& opts, size_t attempt, double unit_random);

struct supervisor_handle {
  caf::actor supervisor;
  std::map<std::string, caf::actor> children; // proxies by child name, including nested ones

  // The proxy of a child (of this supervisor or a nested one); invalid for an unknown name.
  caf::actor child(const std::string& name) const;
};

// The root of a tree. When it exits (stopped, or given up) every proxy in the tree is retired.
supervisor_handle spawn_supervisor(caf::actor_system& sys, supervisor_options opts,
                                   std::vector<child_spec> children);

// A nested supervisor as a child of another one. Its proxies are in `nested_proxies` of the
// returned spec, and so in the root's handle.
child_spec supervisor_child(caf::actor_system& sys, supervisor_options opts,
                            std::vector<child_spec> children);

} // namespace colors::actors
