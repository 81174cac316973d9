#pragma once
// A snapshot of one node of the supervision tree, as the admin endpoint and colctl show it.
// Plain data; safe to copy between threads.
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace colors::actors {

// Entity counts of one registry.
struct entity_counts {
  std::string type;
  uint64_t active = 0;
  uint64_t passivated = 0;
};

struct node_info {
  std::string name;
  std::string kind;          // "supervisor", "registry", "worker"
  std::string state;         // "running", "restarting", "stopped", "failed"
  int64_t uptime_ms = 0;
  uint64_t restarts = 0;
  std::string last_failure;  // empty when it never failed
  // Supervisors and registries: their CAF mailbox. Plain workers: the requests their proxy has
  // forwarded and not yet seen answered plus those it holds during a restart (CAF 0.17 cannot
  // read another actor's mailbox safely, and workers speak only their own protocol).
  // -1: the node does not report it.
  int64_t mailbox_size = -1;
  std::vector<entity_counts> entities;
  std::vector<node_info> children;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, entity_counts& x) {
  return f(caf::meta::type_name("entity_counts"), x.type, x.active, x.passivated);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_info& x) {
  return f(caf::meta::type_name("node_info"), x.name, x.kind, x.state, x.uptime_ms, x.restarts,
           x.last_failure, x.mailbox_size, x.entities, x.children);
}

// {"name":..., "kind":..., ..., "children":[...]}: the body of GET /admin/actors.
std::string to_json(const node_info& root);

// An indented tree, one node per line: what `colctl actors` prints.
std::string to_tree(const node_info& root);

} // namespace colors::actors
