// schema::build: SDL definitions -> named types, with the checks that make a schema usable
// (known types, input/output positions, interface implementations, root types).
#include "graphql/parser.hpp"
#include "graphql/schema.hpp"
#include "graphql/schema_prelude.hpp"

#include <algorithm>
#include <set>

namespace colors::graphql {

struct schema_builder {
  schema& s;
  std::optional<error> err;

  void fail(std::string message, location loc) {
    if (!err)
      err = make_error(std::move(message), loc, nullptr);
  }

  static std::string deprecation(const std::vector<directive>& dirs, bool& deprecated) {
    for (auto& d : dirs) {
      if (d.name != "deprecated")
        continue;
      deprecated = true;
      for (auto& a : d.arguments)
        if (a.name == "reason" && a.val.kind == value_kind::string)
          return a.val.text;
      return "No longer supported";
    }
    return {};
  }

  static input_value make_input(const input_value_definition& d) {
    input_value v;
    v.name = d.name;
    v.description = d.description;
    v.type = d.type;
    v.default_value = d.default_value;
    v.deprecation_reason = deprecation(d.directives, v.deprecated);
    return v;
  }

  static field make_field(const field_definition& d) {
    field f;
    f.name = d.name;
    f.description = d.description;
    f.type = d.type;
    for (auto& a : d.arguments)
      f.args.push_back(make_input(a));
    f.deprecation_reason = deprecation(d.directives, f.deprecated);
    return f;
  }

  static type_kind kind_of(type_def_kind k) {
    switch (k) {
      case type_def_kind::scalar:
        return type_kind::scalar;
      case type_def_kind::object:
        return type_kind::object;
      case type_def_kind::interface:
        return type_kind::interface;
      case type_def_kind::union_:
        return type_kind::union_;
      case type_def_kind::enum_:
        return type_kind::enum_;
      case type_def_kind::input_object:
        return type_kind::input_object;
    }
    return type_kind::scalar;
  }

  void apply_members(named_type& t, const type_definition& d) {
    for (auto& f : d.fields) {
      if (t.find_field(f.name))
        return fail("Field \"" + t.name + "." + f.name + "\" can only be defined once.", f.loc);
      t.fields.push_back(make_field(f));
    }
    for (auto& i : d.interfaces)
      t.interfaces.push_back(i);
    for (auto& m : d.members)
      t.possible_types.push_back(m);
    for (auto& v : d.values) {
      if (t.find_enum_value(v.name))
        return fail("Enum value \"" + t.name + "." + v.name + "\" can only be defined once.",
                    v.loc);
      enum_value ev{v.name, v.description, false, {}};
      ev.deprecation_reason = deprecation(v.directives, ev.deprecated);
      t.enum_values.push_back(std::move(ev));
    }
    for (auto& f : d.input_fields) {
      if (t.find_input_field(f.name))
        return fail("Field \"" + t.name + "." + f.name + "\" can only be defined once.", f.loc);
      t.input_fields.push_back(make_input(f));
    }
    for (auto& dir : d.directives) {
      if (dir.name == "oneOf")
        t.one_of = true;
      if (dir.name == "specifiedBy")
        for (auto& a : dir.arguments)
          if (a.name == "url")
            t.specified_by_url = a.val.text;
    }
  }

  void add_type(const type_definition& d, bool builtin) {
    auto it = s.types_.find(d.name);
    if (it != s.types_.end()) {
      if (it->second->is_builtin_scalar() && !builtin)
        return; // graphql-js keeps the standard scalar when SDL redeclares it
      if (!d.extension)
        return fail("There can be only one type named \"" + d.name + "\".", d.loc);
      if (kind_of(d.kind) != it->second->kind)
        return fail("Cannot extend non-matching type \"" + d.name + "\".", d.loc);
      return apply_members(*it->second, d);
    }
    if (d.extension)
      return fail("Cannot extend type \"" + d.name + "\" because it is not defined.", d.loc);
    if (!builtin && d.name.rfind("__", 0) == 0)
      return fail("Name \"" + d.name
                      + "\" must not begin with \"__\", which is reserved by "
                        "GraphQL introspection.",
                  d.loc);
    auto t = std::make_unique<named_type>();
    t->kind = kind_of(d.kind);
    t->name = d.name;
    t->description = d.description;
    apply_members(*t, d);
    s.order_.push_back(t.get());
    s.types_.emplace(d.name, std::move(t));
  }

  void add_directive(const directive_definition& d) {
    if (s.directive(d.name))
      return fail("There can be only one directive named \"@" + d.name + "\".", d.loc);
    directive_type t;
    t.name = d.name;
    t.description = d.description;
    t.locations = d.locations;
    t.repeatable = d.repeatable;
    for (auto& a : d.arguments)
      t.args.push_back(make_input(a));
    s.directives_.push_back(std::move(t));
  }

  void add_document(const document& doc, bool builtin) {
    if (!doc.operations.empty())
      return fail("An SDL document must not contain operations.", doc.operations[0].loc);
    if (!doc.fragments.empty())
      return fail("An SDL document must not contain fragments.", doc.fragments[0].loc);
    for (auto& t : doc.types)
      add_type(t, builtin);
    for (auto& d : doc.directives)
      add_directive(d);
    for (auto& sd : doc.schemas)
      add_schema(sd);
  }

  void add_schema(const schema_definition& sd) {
    if (!sd.description.empty())
      s.description_ = sd.description;
    for (auto& [op, name] : sd.roots) {
      auto* t = s.type(name);
      if (!t || t->kind != type_kind::object)
        return fail("Root type \"" + name + "\" must be a defined object type.", sd.loc);
      if (s.roots_[static_cast<int>(op)] && !sd.extension)
        return fail("There can be only one " + std::string(to_string(op)) + " type in schema.",
                    sd.loc);
      s.roots_[static_cast<int>(op)] = t;
    }
  }

  void default_roots(bool has_schema_def) {
    if (has_schema_def)
      return;
    const char* names[] = {"Query", "Mutation", "Subscription"};
    for (int i = 0; i < 3; ++i)
      if (auto* t = s.type(names[i]); t && t->kind == type_kind::object)
        s.roots_[i] = t;
  }

  void check_type_ref(const type_ref& t, bool input, const std::string& where) {
    auto* n = s.type(t.named());
    if (!n)
      return fail("Unknown type \"" + t.named() + "\" used by " + where + ".", t.loc);
    if (input && !n->is_input())
      return fail("The type of " + where + " must be Input Type but got: " + to_string(t) + ".",
                  t.loc);
    if (!input && !n->is_output())
      return fail("The type of " + where + " must be Output Type but got: " + to_string(t) + ".",
                  t.loc);
  }

  void check_fields(const named_type& t) {
    if (t.fields.empty())
      fail("Type " + t.name + " must define one or more fields.", {});
    for (auto& f : t.fields) {
      check_type_ref(f.type, false, t.name + "." + f.name);
      for (auto& a : f.args)
        check_type_ref(a.type, true, t.name + "." + f.name + "(" + a.name + ":)");
    }
  }

  void check_implements(named_type& t) {
    for (auto& name : t.interfaces) {
      auto* i = s.type(name);
      if (!i || i->kind != type_kind::interface)
        return fail("Type " + t.name
                        + " must only implement Interface types, it cannot "
                          "implement "
                        + name + ".",
                    {});
      for (auto& f : i->fields) {
        auto* own = t.find_field(f.name);
        if (!own || !s.is_subtype(own->type, f.type))
          return fail("Interface field " + name + "." + f.name + " expects type "
                          + to_string(f.type) + " but " + t.name + "." + f.name
                          + " is missing or of another type.",
                      {});
        for (auto& a : f.args)
          if (!own->arg(a.name))
            return fail("Interface field argument " + name + "." + f.name + "(" + a.name
                            + ":) expected but " + t.name + "." + f.name + " does not provide it.",
                        {});
      }
      if (t.kind == type_kind::object)
        const_cast<named_type*>(i)->possible_types.push_back(t.name);
    }
  }

  void check_type(named_type& t) {
    switch (t.kind) {
      case type_kind::object:
      case type_kind::interface:
        check_fields(t);
        check_implements(t);
        break;
      case type_kind::union_:
        for (auto& m : t.possible_types)
          if (auto* mt = s.type(m); !mt || mt->kind != type_kind::object)
            fail("Union type " + t.name + " can only include Object types, it cannot include " + m
                     + ".",
                 {});
        break;
      case type_kind::enum_:
        if (t.enum_values.empty())
          fail("Enum type " + t.name + " must define one or more values.", {});
        break;
      case type_kind::input_object:
        for (auto& f : t.input_fields)
          check_type_ref(f.type, true, t.name + "." + f.name);
        break;
      case type_kind::scalar:
        break;
    }
  }

  void check_directives() {
    for (auto& d : s.directives_)
      for (auto& a : d.args)
        check_type_ref(a.type, true, "@" + d.name + "(" + a.name + ":)");
  }

  // graphql-js keeps a standard scalar only when something references it; so do we, so that
  // `$x: Float` is an unknown type exactly when graphql-js says so.
  void prune_unused_scalars() {
    std::set<std::string> used{"String", "Boolean"};
    auto use = [&](const type_ref& t) { used.insert(t.named()); };
    for (auto* t : s.order_) {
      for (auto& f : t->fields) {
        use(f.type);
        for (auto& a : f.args)
          use(a.type);
      }
      for (auto& f : t->input_fields)
        use(f.type);
    }
    for (auto& d : s.directives_)
      for (auto& a : d.args)
        use(a.type);
    for (const char* name : {"Int", "Float", "ID"}) {
      if (used.count(name))
        continue;
      auto it = s.types_.find(name);
      s.order_.erase(std::find(s.order_.begin(), s.order_.end(), it->second.get()));
      s.types_.erase(it);
    }
  }

  void meta_fields() {
    s.typename_field_.name = "__typename";
    s.typename_field_.description = "The name of the current Object type at runtime.";
    s.typename_field_.type = type_ref::non_null_of(type_ref::named_of("String"));
    s.schema_field_.name = "__schema";
    s.schema_field_.description = "Access the current type schema of this server.";
    s.schema_field_.type = type_ref::non_null_of(type_ref::named_of("__Schema"));
    s.type_field_.name = "__type";
    s.type_field_.description = "Request the type information of a single type.";
    s.type_field_.type = type_ref::named_of("__Type");
    input_value name_arg;
    name_arg.name = "name";
    name_arg.type = type_ref::non_null_of(type_ref::named_of("String"));
    s.type_field_.args.push_back(std::move(name_arg));
  }
};

std::shared_ptr<const schema> schema::build(std::string_view sdl, error& err) {
  auto out = std::make_shared<schema>();
  schema_builder b{*out, std::nullopt};
  document prelude, user;
  if (auto e = parse(detail::prelude_sdl, limits::unlimited(), prelude)) {
    err = *e; // a bug in the prelude; tests catch it
    return nullptr;
  }
  if (auto e = parse(sdl, limits::unlimited(), user)) {
    err = *e;
    return nullptr;
  }
  b.add_document(prelude, true);
  b.add_document(user, false);
  b.default_roots(!user.schemas.empty());
  if (!b.err && !out->root(operation_type::query))
    b.fail("Query root type must be provided.", {});
  for (auto* t : out->order_)
    if (!b.err)
      b.check_type(*const_cast<named_type*>(t));
  b.check_directives();
  if (!b.err)
    b.prune_unused_scalars();
  b.meta_fields();
  if (b.err) {
    err = *b.err;
    return nullptr;
  }
  return out;
}

} // namespace colors::graphql
