#include "actors/tree_metrics.hpp"

namespace colors::actors {

namespace {

void publish_node(const node_info& n, const std::string& path, metrics::registry& reg) {
  if (n.mailbox_size >= 0)
    reg.get_gauge("colors_actor_mailbox_size",
                  "Messages waiting for an actor of the supervision tree (plain workers: "
                  "requests not yet answered).",
                  {{"node", path}})
      .set(static_cast<double>(n.mailbox_size));
  for (const auto& c : n.entities) {
    metrics::labels l{{"node", path}, {"type", c.type}};
    reg.get_gauge("colors_entities_active", "Live entity actors per registry and type.", l)
      .set(static_cast<double>(c.active));
    reg.get_gauge("colors_entities_passivated",
                  "Entities passivated and not active again, per registry and type.", l)
      .set(static_cast<double>(c.passivated));
  }
  for (const auto& child : n.children)
    publish_node(child, path + "/" + child.name, reg);
}

} // namespace

void publish_tree_metrics(const node_info& root, metrics::registry& reg) {
  publish_node(root, root.name, reg);
}

} // namespace colors::actors
