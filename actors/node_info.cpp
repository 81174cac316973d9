#include "actors/node_info.hpp"

#include "common/log.hpp"

namespace colors::actors {

namespace {

std::string quoted(const std::string& text) {
  return "\"" + json_escape(text) + "\"";
}

std::string counts_json(const std::vector<entity_counts>& counts) {
  std::string out = "[";
  for (size_t i = 0; i < counts.size(); ++i)
    out += (i ? "," : "") + std::string{"{\"type\":"} + quoted(counts[i].type)
           + ",\"active\":" + std::to_string(counts[i].active)
           + ",\"passivated\":" + std::to_string(counts[i].passivated) + "}";
  return out + "]";
}

std::string mailbox_json(int64_t size) {
  return size < 0 ? "null" : std::to_string(size);
}

void tree_lines(const node_info& n, size_t depth, std::string& out) {
  out += std::string(depth * 2, ' ') + n.name + " [" + n.kind + "] " + n.state
         + " up " + std::to_string(n.uptime_ms / 1000) + "s restarts "
         + std::to_string(n.restarts) + " mailbox "
         + (n.mailbox_size < 0 ? std::string{"?"} : std::to_string(n.mailbox_size));
  for (const auto& c : n.entities)
    out += " " + c.type + ":" + std::to_string(c.active) + " active/"
           + std::to_string(c.passivated) + " passivated";
  if (!n.last_failure.empty())
    out += " last failure: " + n.last_failure;
  out += "\n";
  for (const auto& child : n.children)
    tree_lines(child, depth + 1, out);
}

} // namespace

std::string to_json(const node_info& n) {
  std::string out = "{\"name\":" + quoted(n.name) + ",\"kind\":" + quoted(n.kind)
                    + ",\"state\":" + quoted(n.state)
                    + ",\"uptime_ms\":" + std::to_string(n.uptime_ms)
                    + ",\"restarts\":" + std::to_string(n.restarts) + ",\"last_failure\":"
                    + (n.last_failure.empty() ? std::string{"null"} : quoted(n.last_failure))
                    + ",\"mailbox_size\":" + mailbox_json(n.mailbox_size)
                    + ",\"entities\":" + counts_json(n.entities) + ",\"children\":[";
  for (size_t i = 0; i < n.children.size(); ++i)
    out += (i ? "," : "") + to_json(n.children[i]);
  return out + "]}";
}

std::string to_tree(const node_info& root) {
  std::string out;
  tree_lines(root, 0, out);
  return out;
}

} // namespace colors::actors
