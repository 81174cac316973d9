#pragma once
// Input coercion (spec 3.x "Input Coercion", 6.1.2 CoerceVariableValues, 6.4.1
// CoerceArgumentValues): JSON variables and literals into values of input types. Pure,
// thread-safe.
#include "graphql/ast.hpp"
#include "graphql/error.hpp"
#include "graphql/schema.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace colors::graphql {

// Coerces a JSON value to `type`; on failure returns nullopt and sets `why`.
std::optional<boost::json::value> coerce_input(const schema& s, const boost::json::value& v,
                                               const type_ref& type, std::string& why);

// Coerces a literal to `type` using already coerced `variables`; nullopt and `why` on failure.
std::optional<boost::json::value> coerce_literal(const schema& s, const value& literal,
                                                 const type_ref& type,
                                                 const boost::json::object& variables,
                                                 std::string& why);

// The operation's variables from the request's JSON. Errors are BAD_USER_INPUT.
[[nodiscard]] std::vector<error> coerce_variables(const schema& s, const operation_definition& op,
                                                  const boost::json::object& given,
                                                  boost::json::object& out);

// A field's or directive's arguments. The first failure is returned as a message.
[[nodiscard]] std::optional<std::string> coerce_arguments(const schema& s,
                                                          const std::vector<input_value>& defs,
                                                          const std::vector<argument>& given,
                                                          const boost::json::object& variables,
                                                          boost::json::object& out);

// Whether `text` is an RFC 3339 date-time with a time zone (e.g. 2026-01-31T12:00:00.5Z).
bool is_rfc3339(std::string_view text);

} // namespace colors::graphql
