// Value rules: ValuesOfCorrectType (literals against the expected input type, graphql-js's
// parseLiteral semantics: custom scalars accept any literal) and UniqueInputFieldNames.
#include "graphql/printer.hpp"
#include "graphql/validate_context.hpp"

#include <charconv>
#include <map>

namespace colors::graphql::detail {
namespace {

bool fits_int32(const std::string& digits) {
  long long v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  return ec == std::errc() && p == digits.data() + digits.size() && v >= INT32_MIN
         && v <= INT32_MAX;
}

// Whether a scalar accepts a literal, as its parseLiteral would.
bool scalar_accepts(const named_type& t, const value& v) {
  if (t.name == "Int")
    return v.kind == value_kind::int_ && fits_int32(v.text);
  if (t.name == "Float")
    return v.kind == value_kind::int_ || v.kind == value_kind::float_;
  if (t.name == "String")
    return v.kind == value_kind::string;
  if (t.name == "Boolean")
    return v.kind == value_kind::boolean;
  if (t.name == "ID")
    return v.kind == value_kind::string || v.kind == value_kind::int_;
  return true; // custom scalars parse any literal
}

struct value_rules : visitor {
  validation_context& ctx;
  explicit value_rules(validation_context& c) : ctx(c) {}

  void enter_arguments(const std::vector<argument>& args, const std::vector<input_value>* defs,
                       const std::string&, bool, location) override {
    for (auto& a : args) {
      const input_value* def = nullptr;
      if (defs)
        for (auto& d : *defs)
          if (d.name == a.name)
            def = &d;
      if (def)
        check(a.val, def->type);
    }
  }

  void enter_variable_definition(const variable_definition& v) override {
    if (v.default_value && ctx.schema_ref().is_input_type(v.type))
      check(*v.default_value, v.type);
  }

  void enter_value(const value& v, const type_ref*, bool) override {
    if (v.kind != value_kind::object)
      return;
    std::map<std::string_view, location> seen;
    for (auto& f : v.fields) {
      auto [it, fresh] = seen.emplace(f.name, f.loc);
      if (!fresh)
        ctx.report("There can be only one input field named \"" + f.name + "\".",
                   {it->second, f.loc});
    }
  }

  void mismatch(const value& v, const type_ref& t) {
    ctx.report("Expected value of type \"" + to_string(t) + "\", found " + print_value(v) + ".",
               {v.loc});
  }

  void check(const value& v, const type_ref& t) {
    const type_ref& nullable = t.is_non_null() ? *t.of : t;
    switch (v.kind) {
      case value_kind::variable:
        return;
      case value_kind::null:
        if (t.is_non_null())
          mismatch(v, t);
        return;
      case value_kind::list:
        if (!nullable.is_list())
          return leaf(v, t);
        for (auto& item : v.items)
          check(item, *nullable.of);
        return;
      case value_kind::object:
        return object(v, t);
      default:
        // A single item where a list is expected is coerced to a list of one.
        return leaf(v, t);
    }
  }

  void object(const value& v, const type_ref& t) {
    auto* named = ctx.lookup(t);
    if (!named || named->kind != type_kind::input_object)
      return leaf(v, t);
    for (auto& f : v.fields)
      if (auto* fd = named->find_input_field(f.name))
        check(f.val, fd->type);
      else
        ctx.report("Field \"" + f.name + "\" is not defined by type \"" + named->name + "\".",
                   {f.loc});
    for (auto& fd : named->input_fields) {
      if (!fd.type.is_non_null() || fd.default_value)
        continue;
      bool given = false;
      for (auto& f : v.fields)
        given = given || f.name == fd.name;
      if (!given)
        ctx.report("Field \"" + named->name + "." + fd.name + "\" of required type \""
                       + to_string(fd.type) + "\" was not provided.",
                   {v.loc});
    }
    if (named->one_of)
      one_of(v, *named);
  }

  void one_of(const value& v, const named_type& t) {
    if (v.fields.size() != 1)
      return ctx.report("OneOf Input Object \"" + t.name + "\" must specify exactly one key.",
                        {v.loc});
    if (v.fields[0].val.kind == value_kind::null)
      ctx.report("Field \"" + t.name + "." + v.fields[0].name + "\" must be non-null.", {v.loc});
  }

  void leaf(const value& v, const type_ref& t) {
    auto* named = ctx.lookup(t);
    if (!named)
      return;
    if (!named->is_leaf())
      return mismatch(v, t);
    bool ok = named->kind == type_kind::enum_
                  ? v.kind == value_kind::enum_ && named->find_enum_value(v.text)
                  : scalar_accepts(*named, v);
    if (!ok)
      mismatch(v, t);
  }
};

} // namespace

void check_values(validation_context& ctx) {
  value_rules rules(ctx);
  walk(ctx, rules);
}

} // namespace colors::graphql::detail
