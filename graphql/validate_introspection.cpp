// MaxIntrospectionDepth (graphql-js 16.9+): introspection queries may nest the list fields
// `fields`, `interfaces`, `possibleTypes` and `inputFields` less than three deep, so a client
// cannot make the server print the schema exponentially many times.
#include "graphql/validate_context.hpp"

#include <map>

namespace colors::graphql::detail {
namespace {

constexpr int max_lists_depth = 3;

struct depth_checker {
  const validation_context& ctx;
  std::map<std::string, int, std::less<>> visited; // fragment -> greatest entry depth

  bool exceeds(const selection& sel, int depth) {
    if (sel.kind == selection_kind::fragment_spread) {
      auto it = visited.find(sel.name);
      if (it != visited.end() && it->second >= depth)
        return false;
      auto* f = ctx.fragment(sel.name);
      if (!f)
        return false;
      visited[sel.name] = depth;
      return exceeds_set(f->selections, depth);
    }
    if (sel.kind == selection_kind::field
        && (sel.name == "fields" || sel.name == "interfaces" || sel.name == "possibleTypes"
            || sel.name == "inputFields")
        && ++depth >= max_lists_depth)
      return true;
    return exceeds_set(sel.selections, depth);
  }

  bool exceeds_set(const selection_set& set, int depth) {
    for (auto& s : set)
      if (exceeds(s, depth))
        return true;
    return false;
  }
};

struct introspection_rule : visitor {
  validation_context& ctx;
  explicit introspection_rule(validation_context& c) : ctx(c) {}

  void enter_field(const selection& sel, const named_type*, const field*) override {
    if (sel.name != "__schema" && sel.name != "__type")
      return;
    depth_checker d{ctx, {}};
    if (d.exceeds(sel, 0))
      ctx.report("Maximum introspection depth exceeded", {sel.loc});
  }
};

} // namespace

void check_introspection_depth(validation_context& ctx) {
  introspection_rule rule(ctx);
  walk(ctx, rule);
}

} // namespace colors::graphql::detail
