#include "graphql/cost.hpp"

#include <algorithm>
#include <map>

namespace colors::graphql {
namespace {

// Fragment costs are memoized, so a document that spreads one fragment many times (or
// fragments that spread each other in a tree) costs linear time to measure.
struct coster {
  const document& doc;
  std::map<std::string_view, operation_cost> memo;

  static std::size_t saturating_add(std::size_t a, std::size_t b) {
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
  }

  operation_cost of_set(const selection_set& set) {
    operation_cost c;
    for (auto& sel : set) {
      operation_cost inner;
      if (sel.kind == selection_kind::field) {
        inner = of_set(sel.selections);
        inner.depth += 1;
        inner.complexity = saturating_add(inner.complexity, 1);
      } else if (sel.kind == selection_kind::inline_fragment) {
        inner = of_set(sel.selections);
      } else {
        inner = of_fragment(sel.name);
      }
      c.depth = std::max(c.depth, inner.depth);
      c.complexity = saturating_add(c.complexity, inner.complexity);
    }
    return c;
  }

  operation_cost of_fragment(std::string_view name) {
    if (auto it = memo.find(name); it != memo.end())
      return it->second;
    memo[name] = {}; // guards against cycles should an unvalidated document arrive
    for (auto& f : doc.fragments)
      if (f.name == name)
        return memo[name] = of_set(f.selections);
    return {};
  }
};

} // namespace

operation_cost cost_of(const document& doc, const operation_definition& op) {
  coster c{doc, {}};
  return c.of_set(op.selections);
}

std::optional<error> check_cost(const document& doc, const operation_definition& op,
                                const limits& lim) {
  auto c = cost_of(doc, op);
  if (c.depth > lim.max_depth)
    return make_error("Query is nested " + std::to_string(c.depth) + " levels deep; the limit is "
                          + std::to_string(lim.max_depth) + ".",
                      op.loc, codes::query_too_deep);
  if (c.complexity > lim.max_complexity)
    return make_error("Query selects " + std::to_string(c.complexity)
                          + " fields with its fragments expanded; the limit is "
                          + std::to_string(lim.max_complexity) + ".",
                      op.loc, codes::query_too_complex);
  return std::nullopt;
}

} // namespace colors::graphql
