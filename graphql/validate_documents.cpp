// Document-level rules: ExecutableDefinitions, UniqueOperationNames, LoneAnonymousOperation,
// SingleFieldSubscriptions.
#include "graphql/validate_context.hpp"

#include <map>
#include <optional>
#include <set>

namespace colors::graphql::detail {
namespace {

void executable_definitions(validation_context& ctx) {
  auto& doc = ctx.doc();
  for (auto& d : doc.definition_order) {
    switch (d.kind) {
      case document::def_kind::type: {
        auto& t = doc.types[d.index];
        ctx.report("The \"" + t.name + "\" definition is not executable.", {t.loc});
        break;
      }
      case document::def_kind::directive: {
        auto& dd = doc.directives[d.index];
        ctx.report("The \"@" + dd.name + "\" definition is not executable.", {dd.loc});
        break;
      }
      case document::def_kind::schema:
        ctx.report("The schema definition is not executable.", {doc.schemas[d.index].loc});
        break;
      default:
        break;
    }
  }
}

void unique_operation_names(validation_context& ctx) {
  std::map<std::string_view, location> seen;
  for (auto& op : ctx.doc().operations) {
    if (op.name.empty())
      continue;
    auto [it, fresh] = seen.emplace(op.name, op.loc);
    if (!fresh)
      ctx.report("There can be only one operation named \"" + op.name + "\".",
                 {it->second, op.loc});
  }
}

void lone_anonymous_operation(validation_context& ctx) {
  auto& ops = ctx.doc().operations;
  if (ops.size() < 2)
    return;
  for (auto& op : ops)
    if (op.name.empty())
      ctx.report("This anonymous operation must be the only defined operation.", {op.loc});
}

// Whether @skip/@include keep a selection. Variables have no values at validation time, so,
// like graphql-js (whose collectFields then throws), an `if` that is not a literal boolean
// makes the document invalid: nullopt.
std::optional<bool> included(const std::vector<directive>& dirs) {
  for (const char* name : {"skip", "include"}) {
    for (auto& d : dirs) {
      if (d.name != name)
        continue;
      const value* flag = nullptr;
      for (auto& a : d.arguments)
        if (a.name == "if")
          flag = &a.val;
      if (!flag || flag->kind != value_kind::boolean)
        return std::nullopt;
      if ((flag->text == "true") == (d.name == std::string_view("skip")))
        return false;
    }
  }
  return true;
}

struct root_collector {
  const validation_context& ctx;
  const named_type& root;
  std::set<std::string_view> visited;
  std::vector<std::pair<std::string, const selection*>> fields; // response name, node
  const selection* bad_directive = nullptr; // a selection whose @skip/@include cannot be decided

  bool applies(const std::string& cond) const {
    if (cond.empty() || cond == root.name)
      return true;
    auto* t = ctx.schema_ref().type(cond);
    return t && t->is_abstract() && ctx.schema_ref().is_possible_type(*t, root);
  }

  bool keep(const selection& sel) {
    auto inc = included(sel.directives);
    if (!inc && !bad_directive)
      bad_directive = &sel;
    return inc.value_or(false);
  }

  void collect(const selection_set& set) {
    for (auto& sel : set) {
      if (bad_directive)
        return;
      if (sel.kind == selection_kind::field) {
        if (keep(sel))
          fields.emplace_back(sel.response_name(), &sel);
      } else if (sel.kind == selection_kind::inline_fragment) {
        if (keep(sel) && applies(sel.type_condition))
          collect(sel.selections);
      } else if (!visited.count(sel.name) && keep(sel)) {
        visited.insert(sel.name);
        auto* f = ctx.fragment(sel.name);
        if (f && applies(f->type_condition))
          collect(f->selections);
      }
    }
  }
};

void single_field_subscriptions(validation_context& ctx) {
  auto* root = ctx.schema_ref().root(operation_type::subscription);
  if (!root)
    return;
  for (auto& op : ctx.doc().operations) {
    if (op.op != operation_type::subscription)
      continue;
    root_collector c{ctx, *root, {}, {}, nullptr};
    c.collect(op.selections);
    if (c.bad_directive) {
      ctx.report("Argument \"if\" of @skip or @include must be a literal Boolean in a "
                 "subscription's root selection.",
                 {c.bad_directive->loc});
      continue;
    }
    std::string who =
        op.name.empty() ? "Anonymous Subscription" : "Subscription \"" + op.name + "\"";
    std::vector<location> extra;
    std::set<std::string> names;
    for (auto& [name, node] : c.fields)
      if (!names.insert(name).second || names.size() > 1)
        if (names.size() > 1 && name != c.fields.front().first)
          extra.push_back(node->loc);
    if (names.size() > 1)
      ctx.report(who + " must select only one top level field.", extra);
    for (auto& [name, node] : c.fields)
      if (node->name.rfind("__", 0) == 0)
        ctx.report(who + " must not select an introspection top level field.", {node->loc});
  }
}

} // namespace

void check_documents(validation_context& ctx) {
  executable_definitions(ctx);
  unique_operation_names(ctx);
  lone_anonymous_operation(ctx);
  single_field_subscriptions(ctx);
}

} // namespace colors::graphql::detail
