#pragma once
// A schema built from SDL text (schemas/schema.graphql is the one source of truth), with the
// built-in scalars, directives and introspection types added. Immutable once built: every
// const member may be called from any thread.
#include "graphql/ast.hpp"
#include "graphql/error.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colors::graphql {

enum class type_kind : uint8_t { scalar, object, interface, union_, enum_, input_object };
const char* to_string(type_kind kind); // "SCALAR", "OBJECT", ...

struct input_value {
  std::string name;
  std::string description;
  type_ref type;
  std::optional<value> default_value;
  bool deprecated = false;
  std::string deprecation_reason;
};

struct field {
  std::string name;
  std::string description;
  std::vector<input_value> args;
  type_ref type;
  bool deprecated = false;
  std::string deprecation_reason;

  const input_value* arg(std::string_view name) const;
};

struct enum_value {
  std::string name;
  std::string description;
  bool deprecated = false;
  std::string deprecation_reason;
};

struct named_type {
  type_kind kind = type_kind::scalar;
  std::string name;
  std::string description;
  std::string specified_by_url;
  std::vector<field> fields;               // object, interface
  std::vector<std::string> interfaces;     // object, interface
  std::vector<std::string> possible_types; // union members; objects implementing an interface
  std::vector<enum_value> enum_values;     // enum
  std::vector<input_value> input_fields;   // input object
  bool one_of = false;                     // input object marked @oneOf

  const field* find_field(std::string_view name) const;
  const input_value* find_input_field(std::string_view name) const;
  const enum_value* find_enum_value(std::string_view name) const;
  bool is_composite() const { return kind == type_kind::object || is_abstract(); }
  bool is_abstract() const { return kind == type_kind::interface || kind == type_kind::union_; }
  bool is_leaf() const { return kind == type_kind::scalar || kind == type_kind::enum_; }
  bool is_input() const { return is_leaf() || kind == type_kind::input_object; }
  bool is_output() const { return kind != type_kind::input_object; }
  bool is_builtin_scalar() const;
  bool is_introspection() const { return name.rfind("__", 0) == 0; }
};

struct directive_type {
  std::string name;
  std::string description;
  std::vector<input_value> args;
  std::vector<std::string> locations;
  bool repeatable = false;

  const input_value* arg(std::string_view name) const;
  bool allows(std::string_view location) const;
  bool is_builtin() const;
};

class schema {
public:
  // Builds the schema from SDL; nullptr and `err` set when the SDL is invalid.
  static std::shared_ptr<const schema> build(std::string_view sdl, error& err);

  const named_type* type(std::string_view name) const;
  const named_type* root(operation_type op) const;
  const directive_type* directive(std::string_view name) const;
  const std::vector<const named_type*>& types() const { return order_; }
  const std::vector<directive_type>& directives() const { return directives_; }
  const std::string& description() const { return description_; }

  // The field `name` of a composite parent, including __typename and (on the query root)
  // __schema and __type, as graphql-js's TypeInfo sees them. nullptr when unknown.
  const field* field_of(const named_type& parent, std::string_view name) const;

  bool is_input_type(const type_ref& t) const;
  bool is_output_type(const type_ref& t) const;
  // Spec "IsSubType" for abstract types and "isTypeSubTypeOf" for wrapped types.
  bool is_possible_type(const named_type& abstract, const named_type& candidate) const;
  bool is_subtype(const type_ref& sub, const type_ref& super) const;
  // graphql-js doTypesOverlap: can some object type be both a and b?
  bool overlap(const named_type& a, const named_type& b) const;

private:
  friend struct schema_builder;
  std::map<std::string, std::unique_ptr<named_type>, std::less<>> types_;
  std::vector<const named_type*> order_;
  std::vector<directive_type> directives_;
  const named_type* roots_[3] = {nullptr, nullptr, nullptr};
  std::string description_;
  field typename_field_, schema_field_, type_field_;
};

// Prints a type reference as SDL does: `[Name!]!`.
std::string to_string(const type_ref& t);

} // namespace colors::graphql
