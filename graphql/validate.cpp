// The validation entry point, its context and the typed walk the rules share.
#include "graphql/validate.hpp"

#include "graphql/validate_context.hpp"

#include <set>

namespace colors::graphql {
namespace detail {

validation_context::validation_context(const schema& s, const document& doc)
  : schema_(s), doc_(doc) {
  for (auto& f : doc.fragments)
    fragments_.emplace(f.name, &f); // the first of duplicates wins, as in graphql-js
}

const fragment_definition* validation_context::fragment(std::string_view name) const {
  auto it = fragments_.find(name);
  return it == fragments_.end() ? nullptr : it->second;
}

void validation_context::report(std::string message, std::vector<location> locs) {
  error e;
  e.message = std::move(message);
  e.locations = std::move(locs);
  e.code = codes::validation_failed;
  errors_.push_back(std::move(e));
}

namespace {
void collect_spreads(const selection_set& set, std::vector<const selection*>& out) {
  for (auto& sel : set) {
    if (sel.kind == selection_kind::fragment_spread)
      out.push_back(&sel);
    else
      collect_spreads(sel.selections, out);
  }
}
} // namespace

std::vector<const fragment_definition*>
validation_context::recursive_fragments(const selection_set& set) const {
  std::vector<const fragment_definition*> out;
  std::set<std::string_view> seen;
  std::vector<const selection_set*> todo{&set};
  while (!todo.empty()) {
    auto* current = todo.back();
    todo.pop_back();
    std::vector<const selection*> spreads;
    collect_spreads(*current, spreads);
    for (auto* s : spreads) {
      auto* f = fragment(s->name);
      if (!f || !seen.insert(s->name).second)
        continue;
      out.push_back(f);
      todo.push_back(&f->selections);
    }
  }
  return out;
}

namespace {
struct usage_collector : visitor {
  std::vector<variable_usage> usages;
  void enter_value(const value& v, const type_ref* t, bool location_default) override {
    if (v.kind == value_kind::variable)
      usages.push_back({&v, t, location_default});
  }
};

struct walker {
  const validation_context& ctx;
  visitor& v;

  const schema& s() const { return ctx.schema_ref(); }

  void directives(const std::vector<directive>& dirs, std::string_view loc) {
    for (auto& d : dirs) {
      v.enter_directive(d, loc);
      auto* def = s().directive(d.name);
      arguments(d.arguments, def ? &def->args : nullptr, "@" + d.name, true, d.loc);
    }
  }

  void arguments(const std::vector<argument>& args, const std::vector<input_value>* defs,
                 const std::string& owner, bool is_directive, location loc) {
    v.enter_arguments(args, defs, owner, is_directive, loc);
    for (auto& a : args) {
      const input_value* def = nullptr;
      if (defs)
        for (auto& d : *defs)
          if (d.name == a.name)
            def = &d;
      value_node(a.val, def ? &def->type : nullptr, def && def->default_value);
    }
  }

  void value_node(const value& val, const type_ref* t, bool location_default) {
    v.enter_value(val, t, location_default);
    if (val.kind == value_kind::list) {
      const type_ref* item = t;
      if (item && item->is_non_null())
        item = item->of.get();
      if (item && item->is_list())
        item = item->of.get();
      for (auto& i : val.items)
        value_node(i, item, false);
    } else if (val.kind == value_kind::object) {
      auto* named = t ? s().type(t->named()) : nullptr;
      for (auto& f : val.fields) {
        const input_value* fd = nullptr;
        if (named && named->kind == type_kind::input_object)
          fd = named->find_input_field(f.name);
        value_node(f.val, fd ? &fd->type : nullptr, fd && fd->default_value);
      }
    }
  }

  void selections(const selection_set& set, const named_type* parent) {
    v.enter_selection_set(set, parent);
    for (auto& sel : set)
      visit_selection(sel, parent);
  }

  void visit_selection(const selection& sel, const named_type* parent) {
    switch (sel.kind) {
      case selection_kind::field:
        return field_node(sel, parent);
      case selection_kind::fragment_spread:
        v.enter_spread(sel, parent);
        return directives(sel.directives, "FRAGMENT_SPREAD");
      case selection_kind::inline_fragment: {
        v.enter_inline_fragment(sel, parent);
        directives(sel.directives, "INLINE_FRAGMENT");
        auto* t = sel.type_condition.empty() ? parent : composite(s(), sel.type_condition);
        return selections(sel.selections, t);
      }
    }
  }

  void field_node(const selection& sel, const named_type* parent) {
    const field* def = parent ? s().field_of(*parent, sel.name) : nullptr;
    v.enter_field(sel, parent, def);
    std::string owner = (parent ? parent->name : std::string("?")) + "." + sel.name;
    arguments(sel.arguments, def ? &def->args : nullptr, owner, false, sel.loc);
    directives(sel.directives, "FIELD");
    if (sel.has_selection_set)
      selections(sel.selections, def ? composite(s(), def->type.named()) : nullptr);
  }

  void operation(const operation_definition& op) {
    v.enter_operation(op);
    for (auto& vd : op.variables) {
      v.enter_variable_definition(vd);
      bool known = s().is_input_type(vd.type);
      if (vd.default_value)
        value_node(*vd.default_value, known ? &vd.type : nullptr, false);
      directives(vd.directives, "VARIABLE_DEFINITION");
    }
    const char* locs[] = {"QUERY", "MUTATION", "SUBSCRIPTION"};
    directives(op.directives, locs[static_cast<int>(op.op)]);
    selections(op.selections, s().root(op.op));
    v.leave_operation(op);
  }

  void fragment(const fragment_definition& f) {
    v.enter_fragment(f);
    directives(f.directives, "FRAGMENT_DEFINITION");
    selections(f.selections, composite(s(), f.type_condition));
  }
};
} // namespace

const named_type* composite(const schema& s, std::string_view name) {
  auto* t = s.type(name);
  return t && t->is_composite() ? t : nullptr;
}

std::vector<variable_usage>
validation_context::recursive_usages(const operation_definition& op) const {
  usage_collector c;
  walker w{*this, c};
  w.operation(op);
  for (auto* f : recursive_fragments(op.selections))
    w.fragment(*f);
  return std::move(c.usages);
}

void walk(const validation_context& ctx, visitor& v) {
  walker w{ctx, v};
  auto& doc = ctx.doc();
  for (auto& d : doc.definition_order) {
    if (d.kind == document::def_kind::operation)
      w.operation(doc.operations[d.index]);
    else if (d.kind == document::def_kind::fragment)
      w.fragment(doc.fragments[d.index]);
  }
}

void walk_selection_set(const validation_context& ctx, const selection_set& set,
                        const named_type* parent, visitor& v) {
  walker w{ctx, v};
  w.selections(set, parent);
}

} // namespace detail

std::vector<error> validate(const schema& s, const document& doc) {
  detail::validation_context ctx(s, doc);
  detail::check_documents(ctx);
  detail::check_fragments(ctx);
  detail::check_fields(ctx);
  detail::check_arguments(ctx);
  detail::check_values(ctx);
  detail::check_variables(ctx);
  detail::check_directives(ctx);
  detail::check_overlap(ctx);
  detail::check_introspection_depth(ctx);
  return ctx.take_errors();
}

} // namespace colors::graphql
