// Fragment rules: UniqueFragmentNames, KnownFragmentNames, NoUnusedFragments, NoFragmentCycles,
// FragmentsOnCompositeTypes, PossibleFragmentSpreads, and KnownTypeNames (the names in type
// conditions and variable types).
#include "graphql/validate_context.hpp"

#include <map>
#include <set>

namespace colors::graphql::detail {
namespace {

void unique_fragment_names(validation_context& ctx) {
  std::map<std::string_view, location> seen;
  for (auto& f : ctx.doc().fragments) {
    auto [it, fresh] = seen.emplace(f.name, f.loc);
    if (!fresh)
      ctx.report("There can be only one fragment named \"" + f.name + "\".", {it->second, f.loc});
  }
}

void no_unused_fragments(validation_context& ctx) {
  std::set<std::string_view> used;
  for (auto& op : ctx.doc().operations)
    for (auto* f : ctx.recursive_fragments(op.selections))
      used.insert(f->name);
  for (auto& f : ctx.doc().fragments)
    if (!used.count(f.name))
      ctx.report("Fragment \"" + f.name + "\" is never used.", {f.loc});
}

void spreads_of(const selection_set& set, std::vector<const selection*>& out) {
  for (auto& sel : set) {
    if (sel.kind == selection_kind::fragment_spread)
      out.push_back(&sel);
    else
      spreads_of(sel.selections, out);
  }
}

// Does a path of spreads lead from `from` back to `target`? `path` collects the names.
bool reaches(const validation_context& ctx, const fragment_definition& from,
             const std::string& target, std::set<std::string_view>& visited,
             std::vector<std::string>& path) {
  std::vector<const selection*> spreads;
  spreads_of(from.selections, spreads);
  for (auto* s : spreads) {
    if (s->name == target)
      return true;
    auto* next = ctx.fragment(s->name);
    if (!next || !visited.insert(s->name).second)
      continue;
    path.push_back(s->name);
    if (reaches(ctx, *next, target, visited, path))
      return true;
    path.pop_back();
  }
  return false;
}

void no_fragment_cycles(validation_context& ctx) {
  std::set<std::string_view> reported;
  for (auto& f : ctx.doc().fragments) {
    if (ctx.fragment(f.name) != &f || reported.count(f.name))
      continue;
    std::set<std::string_view> visited;
    std::vector<std::string> path;
    if (!reaches(ctx, f, f.name, visited, path))
      continue;
    std::string via;
    for (auto& p : path) {
      via += (via.empty() ? " via " : ", ") + p;
      reported.insert(ctx.fragment(p)->name);
    }
    reported.insert(f.name);
    ctx.report("Cannot spread fragment \"" + f.name + "\" within itself" + via + ".", {f.loc});
  }
}

void known_type(validation_context& ctx, const std::string& name, location loc) {
  if (!ctx.schema_ref().type(name))
    ctx.report("Unknown type \"" + name + "\".", {loc});
}

struct fragment_rules : visitor {
  validation_context& ctx;
  explicit fragment_rules(validation_context& c) : ctx(c) {}

  const schema& s() const { return ctx.schema_ref(); }

  void enter_fragment(const fragment_definition& f) override {
    known_type(ctx, f.type_condition, f.type_condition_loc);
    auto* t = s().type(f.type_condition);
    if (t && !t->is_composite())
      ctx.report("Fragment \"" + f.name + "\" cannot condition on non composite type \""
                     + f.type_condition + "\".",
                 {f.type_condition_loc});
  }

  void enter_variable_definition(const variable_definition& v) override {
    known_type(ctx, v.type.named(), v.type.loc);
  }

  void enter_inline_fragment(const selection& sel, const named_type* parent) override {
    if (sel.type_condition.empty())
      return;
    known_type(ctx, sel.type_condition, sel.type_condition_loc);
    auto* t = s().type(sel.type_condition);
    if (t && !t->is_composite())
      ctx.report("Fragment cannot condition on non composite type \"" + sel.type_condition + "\".",
                 {sel.type_condition_loc});
    if (t && t->is_composite() && parent && !s().overlap(*t, *parent))
      ctx.report("Fragment cannot be spread here as objects of type \"" + parent->name
                     + "\" can never be of type \"" + t->name + "\".",
                 {sel.loc});
  }

  void enter_spread(const selection& sel, const named_type* parent) override {
    auto* f = ctx.fragment(sel.name);
    if (!f)
      return ctx.report("Unknown fragment \"" + sel.name + "\".", {sel.loc});
    auto* t = composite(s(), f->type_condition);
    if (t && parent && !s().overlap(*t, *parent))
      ctx.report("Fragment \"" + sel.name + "\" cannot be spread here as objects of type \""
                     + parent->name + "\" can never be of type \"" + t->name + "\".",
                 {sel.loc});
  }
};

} // namespace

void check_fragments(validation_context& ctx) {
  unique_fragment_names(ctx);
  no_unused_fragments(ctx);
  no_fragment_cycles(ctx);
  fragment_rules rules(ctx);
  walk(ctx, rules);
}

} // namespace colors::graphql::detail
