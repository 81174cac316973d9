// Directive rules: KnownDirectives (defined, in a valid location) and
// UniqueDirectivesPerLocation.
#include "graphql/validate_context.hpp"

#include <map>

namespace colors::graphql::detail {
namespace {

struct directive_rules : visitor {
  validation_context& ctx;
  explicit directive_rules(validation_context& c) : ctx(c) {}

  void enter_directive(const directive& d, std::string_view location) override {
    auto* def = ctx.schema_ref().directive(d.name);
    if (!def)
      return ctx.report("Unknown directive \"@" + d.name + "\".", {d.loc});
    if (!def->allows(location))
      ctx.report("Directive \"@" + d.name + "\" may not be used on " + std::string(location) + ".",
                 {d.loc});
  }
};

void unique_at(validation_context& ctx, const std::vector<directive>& dirs) {
  std::map<std::string_view, location> seen;
  for (auto& d : dirs) {
    auto* def = ctx.schema_ref().directive(d.name);
    if (!def || def->repeatable)
      continue;
    auto [it, fresh] = seen.emplace(d.name, d.loc);
    if (!fresh)
      ctx.report("The directive \"@" + d.name + "\" can only be used once at this location.",
                 {it->second, d.loc});
  }
}

void unique_in(validation_context& ctx, const selection_set& set) {
  for (auto& sel : set) {
    unique_at(ctx, sel.directives);
    unique_in(ctx, sel.selections);
  }
}

} // namespace

void check_directives(validation_context& ctx) {
  directive_rules rules(ctx);
  walk(ctx, rules);
  for (auto& op : ctx.doc().operations) {
    unique_at(ctx, op.directives);
    for (auto& v : op.variables)
      unique_at(ctx, v.directives);
    unique_in(ctx, op.selections);
  }
  for (auto& f : ctx.doc().fragments) {
    unique_at(ctx, f.directives);
    unique_in(ctx, f.selections);
  }
}

} // namespace colors::graphql::detail
