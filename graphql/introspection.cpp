// Introspection values are JSON objects: a named __Type is {"name": N} and its other fields
// are looked up in the schema on demand; wrapper types are {"kind": K, "ofType": T}. __Field,
// __InputValue, __EnumValue and __Directive are plain objects read by the default resolver,
// except for `args(includeDeprecated:)`, which filters.
#include "graphql/introspection.hpp"

#include "graphql/printer.hpp"

namespace colors::graphql {
namespace json = boost::json;

namespace {

json::value text_or_null(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::value type_json(const type_ref& t) {
  switch (t.kind) {
    case type_ref::kind_t::named:
      return json::object{{"name", t.name}};
    case type_ref::kind_t::list:
      return json::object{{"kind", "LIST"}, {"ofType", type_json(*t.of)}};
    case type_ref::kind_t::non_null:
      return json::object{{"kind", "NON_NULL"}, {"ofType", type_json(*t.of)}};
  }
  return nullptr;
}

json::value named_json(const std::string& name) {
  return json::object{{"name", name}};
}

json::object input_value_json(const input_value& v) {
  return {{"name", v.name},
          {"description", text_or_null(v.description)},
          {"type", type_json(v.type)},
          {"defaultValue",
           v.default_value ? json::value(print_value(*v.default_value)) : json::value(nullptr)},
          {"isDeprecated", v.deprecated},
          {"deprecationReason", v.deprecated ? json::value(v.deprecation_reason) : nullptr}};
}

json::array input_values_json(const std::vector<input_value>& values, bool include_deprecated) {
  json::array out;
  for (auto& v : values)
    if (include_deprecated || !v.deprecated)
      out.push_back(input_value_json(v));
  return out;
}

json::object field_json(const field& f) {
  return {{"name", f.name},
          {"description", text_or_null(f.description)},
          {"args", input_values_json(f.args, true)},
          {"type", type_json(f.type)},
          {"isDeprecated", f.deprecated},
          {"deprecationReason", f.deprecated ? json::value(f.deprecation_reason) : nullptr}};
}

json::object directive_json(const directive_type& d) {
  json::array locs;
  for (auto& l : d.locations)
    locs.emplace_back(l);
  return {{"name", d.name},
          {"description", text_or_null(d.description)},
          {"isRepeatable", d.repeatable},
          {"locations", std::move(locs)},
          {"args", input_values_json(d.args, true)},
          {"isDeprecated", false},
          {"deprecationReason", nullptr}};
}

bool include_deprecated(const resolve_info& info) {
  auto* v = info.args.if_contains("includeDeprecated");
  return v && v->is_bool() && v->get_bool();
}

json::value filter_deprecated(const json::value& arr, bool include) {
  if (include || !arr.is_array())
    return arr;
  json::array out;
  for (auto& v : arr.get_array())
    if (auto* d = v.get_object().if_contains("isDeprecated"); !d || !d->as_bool())
      out.push_back(v);
  return out;
}

using sync_fn = std::function<json::value(const resolve_info&)>;

void add(resolver_map& m, const char* type, const char* field, sync_fn fn) {
  m.add(type, field,
        [fn = std::move(fn)](const resolve_info& info, resolve_done done) { done(fn(info)); });
}

void add_schema(resolver_map& m, std::shared_ptr<const schema> s) {
  add(m, "__Schema", "description", [s](auto&) { return text_or_null(s->description()); });
  add(m, "__Schema", "types", [s](auto&) {
    json::array out;
    for (auto* t : s->types())
      out.push_back(named_json(t->name));
    return json::value(std::move(out));
  });
  auto root = [s](operation_type op) {
    return [s, op](const resolve_info&) {
      auto* t = s->root(op);
      return t ? named_json(t->name) : json::value(nullptr);
    };
  };
  add(m, "__Schema", "queryType", root(operation_type::query));
  add(m, "__Schema", "mutationType", root(operation_type::mutation));
  add(m, "__Schema", "subscriptionType", root(operation_type::subscription));
  add(m, "__Schema", "directives", [s](auto&) {
    json::array out;
    for (auto& d : s->directives())
      out.push_back(directive_json(d));
    return json::value(std::move(out));
  });
}

// The named type behind a __Type value, or nullptr for wrapper types.
const named_type* named_of(const schema& s, const resolve_info& info) {
  auto& obj = info.parent.get_object();
  if (obj.contains("kind"))
    return nullptr;
  return s.type(std::string_view(obj.at("name").get_string()));
}

void add_type(resolver_map& m, std::shared_ptr<const schema> s) {
  add(m, "__Type", "kind", [s](auto& info) -> json::value {
    if (auto* t = named_of(*s, info))
      return json::value(to_string(t->kind));
    return info.parent.get_object().at("kind");
  });
  add(m, "__Type", "name", [s](auto& info) -> json::value {
    auto* t = named_of(*s, info);
    return t ? json::value(t->name) : json::value(nullptr);
  });
  add(m, "__Type", "description", [s](auto& info) -> json::value {
    auto* t = named_of(*s, info);
    return t ? text_or_null(t->description) : json::value(nullptr);
  });
  add(m, "__Type", "specifiedByURL", [s](auto& info) -> json::value {
    auto* t = named_of(*s, info);
    return t && t->kind == type_kind::scalar ? text_or_null(t->specified_by_url) : nullptr;
  });
  add(m, "__Type", "fields", [s](auto& info) -> json::value {
    auto* t = named_of(*s, info);
    if (!t || (t->kind != type_kind::object && t->kind != type_kind::interface))
      return nullptr;
    json::array out;
    for (auto& f : t->fields)
      if (include_deprecated(info) || !f.deprecated)
        out.push_back(field_json(f));
    return out;
  });
  add(m, "__Type", "interfaces", [s](auto& info) -> json::value {
    auto* t = named_of(*s, info);
    if (!t || (t->kind != type_kind::object && t->kind != type_kind::interface))
      return nullptr;
    json::array out;
    for (auto& i : t->interfaces)
      out.push_back(named_json(i));
    return out;
  });
  add(m, "__Type", "possibleTypes", [s](auto& info) -> json::value {
    auto* t = named_of(*s, info);
    if (!t || !t->is_abstract())
      return nullptr;
    json::array out;
    for (auto& p : t->possible_types)
      out.push_back(named_json(p));
    return out;
  });
  add(m, "__Type", "enumValues", [s](auto& info) -> json::value {
    auto* t = named_of(*s, info);
    if (!t || t->kind != type_kind::enum_)
      return nullptr;
    json::array out;
    for (auto& v : t->enum_values)
      if (include_deprecated(info) || !v.deprecated)
        out.push_back(json::object{
            {"name", v.name},
            {"description", text_or_null(v.description)},
            {"isDeprecated", v.deprecated},
            {"deprecationReason", v.deprecated ? json::value(v.deprecation_reason) : nullptr}});
    return out;
  });
  add(m, "__Type", "inputFields", [s](auto& info) -> json::value {
    auto* t = named_of(*s, info);
    if (!t || t->kind != type_kind::input_object)
      return nullptr;
    return input_values_json(t->input_fields, include_deprecated(info));
  });
  add(m, "__Type", "ofType", [](auto& info) -> json::value {
    auto* of = info.parent.get_object().if_contains("ofType");
    return of ? *of : json::value(nullptr);
  });
  add(m, "__Type", "isOneOf", [s](auto& info) -> json::value {
    auto* t = named_of(*s, info);
    return t && t->kind == type_kind::input_object ? json::value(t->one_of) : nullptr;
  });
}

} // namespace

std::shared_ptr<const resolver_map> introspection_resolvers(std::shared_ptr<const schema> s) {
  auto m = std::make_shared<resolver_map>();
  add_schema(*m, s);
  add_type(*m, s);
  for (const char* owner : {"__Field", "__Directive"})
    add(*m, owner, "args", [](auto& info) {
      return filter_deprecated(info.parent.get_object().at("args"), include_deprecated(info));
    });
  return m;
}

} // namespace colors::graphql
