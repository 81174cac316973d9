// Variable rules: UniqueVariableNames, VariablesAreInputTypes, NoUndefinedVariables,
// NoUnusedVariables, VariablesInAllowedPosition.
#include "graphql/validate_context.hpp"

#include <map>
#include <set>

namespace colors::graphql::detail {
namespace {

void unique_and_input(validation_context& ctx, const operation_definition& op) {
  std::map<std::string_view, location> seen;
  for (auto& v : op.variables) {
    auto [it, fresh] = seen.emplace(v.name, v.loc);
    if (!fresh)
      ctx.report("There can be only one variable named \"$" + v.name + "\".", {it->second, v.loc});
    auto* t = ctx.lookup(v.type);
    if (t && !t->is_input())
      ctx.report("Variable \"$" + v.name + "\" cannot be non-input type \"" + to_string(v.type)
                     + "\".",
                 {v.type.loc});
  }
}

const variable_definition* find_var(const operation_definition& op, std::string_view name) {
  for (auto& v : op.variables)
    if (v.name == name)
      return &v;
  return nullptr;
}

// graphql-js allowedVariableUsage: a nullable variable may feed a non-null position only when
// the variable has a non-null default or the position has a default.
bool allowed(const schema& s, const variable_definition& var, const variable_usage& use) {
  const type_ref& location_type = *use.type;
  if (location_type.is_non_null() && !var.type.is_non_null()) {
    bool var_default = var.default_value && var.default_value->kind != value_kind::null;
    if (!var_default && !use.has_location_default)
      return false;
    return s.is_subtype(var.type, *location_type.of);
  }
  return s.is_subtype(var.type, location_type);
}

void usages(validation_context& ctx, const operation_definition& op) {
  auto uses = ctx.recursive_usages(op);
  std::set<std::string_view> used;
  std::set<const value*> reported;
  for (auto& u : uses) {
    used.insert(u.node->text);
    auto* var = find_var(op, u.node->text);
    if (!var) {
      if (reported.insert(u.node).second)
        ctx.report("Variable \"$" + u.node->text + "\" is not defined"
                       + (op.name.empty() ? "" : " by operation \"" + op.name + "\"") + ".",
                   {u.node->loc, op.loc});
      continue;
    }
    if (u.type && ctx.lookup(var->type) && !allowed(ctx.schema_ref(), *var, u))
      ctx.report("Variable \"$" + var->name + "\" of type \"" + to_string(var->type)
                     + "\" used in position expecting type \"" + to_string(*u.type) + "\".",
                 {var->loc, u.node->loc});
  }
  for (auto& v : op.variables)
    if (!used.count(v.name))
      ctx.report("Variable \"$" + v.name + "\" is never used"
                     + (op.name.empty() ? "" : " in operation \"" + op.name + "\"") + ".",
                 {v.loc});
}

} // namespace

void check_variables(validation_context& ctx) {
  for (auto& op : ctx.doc().operations) {
    unique_and_input(ctx, op);
    usages(ctx, op);
  }
}

} // namespace colors::graphql::detail
