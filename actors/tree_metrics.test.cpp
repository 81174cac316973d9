#include "actors/tree_metrics.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::actors;

namespace {

node_info sample_tree() {
  node_info root;
  root.name = "root";
  root.kind = "supervisor";
  root.mailbox_size = 1;
  node_info writer;
  writer.name = "event-writer";
  writer.mailbox_size = 3;
  node_info reg;
  reg.name = "counters";
  reg.kind = "registry";
  reg.mailbox_size = 0;
  reg.entities.push_back({"counter", 7, 2});
  node_info quiet; // reports no mailbox: no series
  quiet.name = "quiet";
  root.children = {writer, reg, quiet};
  return root;
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

} // namespace

TEST_CASE("an inspected tree becomes mailbox and entity gauges named by node path") {
  metrics::registry reg;
  publish_tree_metrics(sample_tree(), reg);
  auto text = reg.render();
  CHECK(has_line(text, R"(colors_actor_mailbox_size{node="root"} 1)"));
  CHECK(has_line(text, R"(colors_actor_mailbox_size{node="root/event-writer"} 3)"));
  CHECK(has_line(text, R"(colors_actor_mailbox_size{node="root/counters"} 0)"));
  CHECK(text.find("root/quiet") == std::string::npos);
  CHECK(has_line(text, R"(colors_entities_active{node="root/counters",type="counter"} 7)"));
  CHECK(has_line(text, R"(colors_entities_passivated{node="root/counters",type="counter"} 2)"));
  CHECK(has_line(text, "# TYPE colors_actor_mailbox_size gauge"));
}
