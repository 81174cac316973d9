#pragma once
// Shared state of one validation run, and the typed walk that rules hook into. Internal to the
// graphql module; one run lives on one thread.
#include "graphql/schema.hpp"
#include "graphql/validate.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace colors::graphql::detail {

// One use of a variable inside a value, with the input type expected at that place.
struct variable_usage {
  const value* node;
  const type_ref* type;      // nullptr when unknown
  bool has_location_default; // the argument or input field has a default value
};

class validation_context {
public:
  validation_context(const schema& s, const document& doc);

  const schema& schema_ref() const { return schema_; }
  const document& doc() const { return doc_; }
  const fragment_definition* fragment(std::string_view name) const;
  void report(std::string message, std::vector<location> locs);
  std::vector<error> take_errors() { return std::move(errors_); }

  // Fragments reachable from a selection set through spreads (transitively), each once.
  std::vector<const fragment_definition*> recursive_fragments(const selection_set& set) const;
  // The variable usages of an operation and of every fragment it reaches.
  std::vector<variable_usage> recursive_usages(const operation_definition& op) const;
  // The named type of a type reference when it exists in the schema.
  const named_type* lookup(const type_ref& t) const { return schema_.type(t.named()); }

private:
  std::vector<variable_usage> usages_of(const selection_set& set, const named_type* parent) const;

  const schema& schema_;
  const document& doc_;
  std::map<std::string, const fragment_definition*, std::less<>> fragments_;
  std::vector<error> errors_;
};

// Hooks called by `walk` in document order, with the type information graphql-js's TypeInfo
// would have at each node. Pointers are nullptr where the type is unknown.
class visitor {
public:
  virtual ~visitor() = default;
  virtual void enter_operation(const operation_definition&) {}
  virtual void leave_operation(const operation_definition&) {}
  virtual void enter_fragment(const fragment_definition&) {}
  virtual void enter_variable_definition(const variable_definition&) {}
  virtual void enter_selection_set(const selection_set&, const named_type*) {}
  virtual void enter_field(const selection&, const named_type* /*parent*/, const field*) {}
  virtual void enter_spread(const selection&, const named_type* /*parent*/) {}
  virtual void enter_inline_fragment(const selection&, const named_type* /*parent*/) {}
  virtual void enter_directive(const directive&, std::string_view /*location*/) {}
  // Arguments of a field or directive; `defs` nullptr when the field/directive is unknown.
  virtual void enter_arguments(const std::vector<argument>&, const std::vector<input_value>*,
                               const std::string& /*owner*/, bool /*is_directive*/, location) {}
  // Every value node (arguments, defaults, nested list items and object fields).
  virtual void enter_value(const value&, const type_ref* /*expected*/, bool /*location_default*/) {}
};

// Walks `doc` once, calling the hooks.
void walk(const validation_context& ctx, visitor& v);

// Walks the selection set of one definition (used for per-fragment variable usages).
void walk_selection_set(const validation_context& ctx, const selection_set& set,
                        const named_type* parent, visitor& v);

// The composite type a fragment's type condition names, or nullptr.
const named_type* composite(const schema& s, std::string_view name);

// Rule groups, one file each.
void check_documents(validation_context& ctx);           // validate_documents.cpp
void check_fragments(validation_context& ctx);           // validate_fragments.cpp
void check_fields(validation_context& ctx);              // validate_fields.cpp
void check_arguments(validation_context& ctx);           // validate_arguments.cpp
void check_values(validation_context& ctx);              // validate_values.cpp
void check_variables(validation_context& ctx);           // validate_variables.cpp
void check_directives(validation_context& ctx);          // validate_directives.cpp
void check_overlap(validation_context& ctx);             // validate_overlap.cpp
void check_introspection_depth(validation_context& ctx); // validate_introspection.cpp

} // namespace colors::graphql::detail
