// Field rules: FieldsOnCorrectType and ScalarLeafs.
#include "graphql/validate_context.hpp"

namespace colors::graphql::detail {
namespace {

struct field_rules : visitor {
  validation_context& ctx;
  explicit field_rules(validation_context& c) : ctx(c) {}

  void enter_field(const selection& sel, const named_type* parent, const field* def) override {
    if (parent && !def)
      return ctx.report("Cannot query field \"" + sel.name + "\" on type \"" + parent->name + "\".",
                        {sel.loc});
    if (!def)
      return;
    auto* t = ctx.lookup(def->type);
    if (!t)
      return;
    std::string type_name = to_string(def->type);
    if (t->is_leaf() && sel.has_selection_set)
      ctx.report("Field \"" + sel.name + "\" must not have a selection since type \"" + type_name
                     + "\" has no subfields.",
                 {sel.loc});
    else if (!t->is_leaf() && !sel.has_selection_set)
      ctx.report("Field \"" + sel.name + "\" of type \"" + type_name
                     + "\" must have a selection of subfields. Did you mean \"" + sel.name
                     + " { ... }\"?",
                 {sel.loc});
  }
};

} // namespace

void check_fields(validation_context& ctx) {
  field_rules rules(ctx);
  walk(ctx, rules);
}

} // namespace colors::graphql::detail
