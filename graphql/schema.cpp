#include "graphql/schema.hpp"

#include <algorithm>

namespace colors::graphql {

const char* to_string(type_kind kind) {
  switch (kind) {
    case type_kind::scalar:
      return "SCALAR";
    case type_kind::object:
      return "OBJECT";
    case type_kind::interface:
      return "INTERFACE";
    case type_kind::union_:
      return "UNION";
    case type_kind::enum_:
      return "ENUM";
    case type_kind::input_object:
      return "INPUT_OBJECT";
  }
  return "SCALAR";
}

std::string to_string(const type_ref& t) {
  switch (t.kind) {
    case type_ref::kind_t::named:
      return t.name;
    case type_ref::kind_t::list:
      return "[" + to_string(*t.of) + "]";
    case type_ref::kind_t::non_null:
      return to_string(*t.of) + "!";
  }
  return t.name;
}

namespace {
template <class T>
const T* find_named(const std::vector<T>& items, std::string_view name) {
  for (auto& item : items)
    if (item.name == name)
      return &item;
  return nullptr;
}
} // namespace

const input_value* field::arg(std::string_view name) const {
  return find_named(args, name);
}

const field* named_type::find_field(std::string_view name) const {
  return find_named(fields, name);
}

const input_value* named_type::find_input_field(std::string_view name) const {
  return find_named(input_fields, name);
}

const enum_value* named_type::find_enum_value(std::string_view name) const {
  return find_named(enum_values, name);
}

bool named_type::is_builtin_scalar() const {
  return kind == type_kind::scalar
         && (name == "String" || name == "Int" || name == "Float" || name == "Boolean"
             || name == "ID");
}

const input_value* directive_type::arg(std::string_view name) const {
  return find_named(args, name);
}

bool directive_type::allows(std::string_view location) const {
  return std::find(locations.begin(), locations.end(), location) != locations.end();
}

bool directive_type::is_builtin() const {
  return name == "include" || name == "skip" || name == "deprecated" || name == "specifiedBy"
         || name == "oneOf";
}

const named_type* schema::type(std::string_view name) const {
  auto it = types_.find(name);
  return it == types_.end() ? nullptr : it->second.get();
}

const named_type* schema::root(operation_type op) const {
  return roots_[static_cast<int>(op)];
}

const directive_type* schema::directive(std::string_view name) const {
  return find_named(directives_, name);
}

const field* schema::field_of(const named_type& parent, std::string_view name) const {
  if (name == "__typename" && parent.is_composite())
    return &typename_field_;
  if (&parent == root(operation_type::query)) {
    if (name == "__schema")
      return &schema_field_;
    if (name == "__type")
      return &type_field_;
  }
  if (parent.kind != type_kind::object && parent.kind != type_kind::interface)
    return nullptr;
  return parent.find_field(name);
}

bool schema::is_input_type(const type_ref& t) const {
  auto* n = type(t.named());
  return n && n->is_input();
}

bool schema::is_output_type(const type_ref& t) const {
  auto* n = type(t.named());
  return n && n->is_output();
}

bool schema::is_possible_type(const named_type& abstract, const named_type& candidate) const {
  if (abstract.kind == type_kind::union_)
    return std::find(abstract.possible_types.begin(), abstract.possible_types.end(), candidate.name)
           != abstract.possible_types.end();
  if (abstract.kind != type_kind::interface)
    return false;
  auto& ifaces = candidate.interfaces;
  return (candidate.kind == type_kind::object || candidate.kind == type_kind::interface)
         && std::find(ifaces.begin(), ifaces.end(), abstract.name) != ifaces.end();
}

bool schema::is_subtype(const type_ref& sub, const type_ref& super) const {
  using k = type_ref::kind_t;
  if (super.kind == k::non_null)
    return sub.kind == k::non_null && is_subtype(*sub.of, *super.of);
  if (sub.kind == k::non_null)
    return is_subtype(*sub.of, super);
  if (super.kind == k::list)
    return sub.kind == k::list && is_subtype(*sub.of, *super.of);
  if (sub.kind == k::list)
    return false;
  if (sub.name == super.name)
    return true;
  auto* a = type(super.name);
  auto* b = type(sub.name);
  return a && b && a->is_abstract()
         && (b->kind == type_kind::object || b->kind == type_kind::interface)
         && is_possible_type(*a, *b);
}

bool schema::overlap(const named_type& a, const named_type& b) const {
  if (&a == &b)
    return true;
  if (a.is_abstract()) {
    if (b.is_abstract()) {
      for (auto& name : a.possible_types)
        if (auto* t = type(name); t && is_possible_type(b, *t))
          return true;
      return false;
    }
    return is_possible_type(a, b);
  }
  if (b.is_abstract())
    return is_possible_type(b, a);
  return false;
}

} // namespace colors::graphql
