#pragma once
// The syntax tree of GraphQL documents: executable definitions and the type system (SDL).
// Plain data: immutable after parsing, so a parsed document may be shared across threads.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace colors::graphql {

// 1-based line and column of a token, as the spec's error format wants.
struct location {
  uint32_t line = 0;
  uint32_t column = 0;
};

enum class value_kind : uint8_t {
  variable,
  int_,
  float_,
  string,
  boolean,
  null,
  enum_,
  list,
  object
};

struct object_field;

// A value literal. `text` holds the variable name, the number's digits, the string's decoded
// contents, the enum name or "true"/"false".
struct value {
  value_kind kind = value_kind::null;
  location loc;
  std::string text;
  bool block = false; // a block string (only matters when printing)
  std::vector<value> items;
  std::vector<object_field> fields;
};

struct object_field {
  std::string name;
  location loc;
  value val;
};

// A type reference: `Name`, `[T]` or `T!`. Shared so copies stay cheap.
struct type_ref {
  enum class kind_t : uint8_t { named, list, non_null };
  kind_t kind = kind_t::named;
  std::string name;                   // for named
  std::shared_ptr<const type_ref> of; // for list and non_null
  location loc;

  static type_ref named_of(std::string name, location loc = {});
  static type_ref list_of(type_ref inner);
  static type_ref non_null_of(type_ref inner);
  bool is_non_null() const { return kind == kind_t::non_null; }
  bool is_list() const { return kind == kind_t::list; }
  // The innermost name.
  const std::string& named() const;
};

struct argument {
  std::string name;
  location loc;
  value val;
};

struct directive {
  std::string name;
  location loc;
  std::vector<argument> arguments;
};

enum class selection_kind : uint8_t { field, fragment_spread, inline_fragment };

struct selection;
using selection_set = std::vector<selection>;

// One selection. Fields use alias/name/arguments; spreads use name; inline fragments use
// type_condition (empty when absent).
struct selection {
  selection_kind kind = selection_kind::field;
  location loc;
  std::string alias;
  std::string name;
  std::vector<argument> arguments;
  std::vector<directive> directives;
  std::string type_condition;
  location type_condition_loc;
  selection_set selections;
  bool has_selection_set = false;

  const std::string& response_name() const { return alias.empty() ? name : alias; }
};

struct variable_definition {
  std::string description;
  std::string name;
  location loc;
  type_ref type;
  std::optional<value> default_value;
  std::vector<directive> directives;
};

enum class operation_type : uint8_t { query, mutation, subscription };
const char* to_string(operation_type t);

struct operation_definition {
  operation_type op = operation_type::query;
  std::string description;
  std::string name; // empty for anonymous
  location loc;
  std::vector<variable_definition> variables;
  std::vector<directive> directives;
  selection_set selections;
};

struct fragment_definition {
  std::string description;
  std::string name;
  location loc;
  std::string type_condition;
  location type_condition_loc;
  std::vector<directive> directives;
  selection_set selections;
};

// ---- type system (SDL) ----

struct input_value_definition {
  std::string name;
  std::string description;
  location loc;
  type_ref type;
  std::optional<value> default_value;
  std::vector<directive> directives;
};

struct field_definition {
  std::string name;
  std::string description;
  location loc;
  std::vector<input_value_definition> arguments;
  type_ref type;
  std::vector<directive> directives;
};

struct enum_value_definition {
  std::string name;
  std::string description;
  location loc;
  std::vector<directive> directives;
};

enum class type_def_kind : uint8_t { scalar, object, interface, union_, enum_, input_object };

struct type_definition {
  type_def_kind kind = type_def_kind::scalar;
  bool extension = false;
  std::string name;
  std::string description;
  location loc;
  std::vector<std::string> interfaces; // object and interface
  std::vector<directive> directives;
  std::vector<field_definition> fields;             // object and interface
  std::vector<std::string> members;                 // union
  std::vector<enum_value_definition> values;        // enum
  std::vector<input_value_definition> input_fields; // input object
};

struct directive_definition {
  std::string name;
  std::string description;
  location loc;
  std::vector<input_value_definition> arguments;
  bool repeatable = false;
  std::vector<std::string> locations;
};

struct schema_definition {
  bool extension = false;
  std::string description;
  location loc;
  std::vector<directive> directives;
  std::vector<std::pair<operation_type, std::string>> roots;
};

// A whole document in source order. `definition_order` keeps the kind and index of each
// definition so rules that care about order (and about non-executable ones) can see it.
struct document {
  enum class def_kind : uint8_t { operation, fragment, type, directive, schema };
  struct def_ref {
    def_kind kind;
    std::size_t index;
  };
  std::vector<operation_definition> operations;
  std::vector<fragment_definition> fragments;
  std::vector<type_definition> types;
  std::vector<directive_definition> directives;
  std::vector<schema_definition> schemas;
  std::vector<def_ref> definition_order;
};

} // namespace colors::graphql
