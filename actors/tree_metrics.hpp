#pragma once
// An inspected supervision tree as Prometheus gauges:
//   colors_actor_mailbox_size{node="root/event-writer"}        per node that reports one
//   colors_entities_active{node="root/counters",type="counter"}  per registry and entity type
//   colors_entities_passivated{node=...,type=...}
// A node is named by its path from the root, so equal child names under different supervisors
// stay apart. Nodes that disappear keep their last value (the tree's shape is fixed by its
// specs, so that does not happen in a running server).
// Thread-safety: a free function over a value; the metrics registry is thread-safe.
#include "actors/node_info.hpp"
#include "common/metrics.hpp"

namespace colors::actors {

void publish_tree_metrics(const node_info& root, metrics::registry& reg);

} // namespace colors::actors
