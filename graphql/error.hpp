#pragma once
// A GraphQL error as the response carries it, and the one mapping from our internal error enum
// (colors::errc) to `extensions.code`. Plain data, thread-safe to copy.
#include "common/errc.hpp"
#include "graphql/ast.hpp"

#include <boost/json.hpp>

#include <string>
#include <variant>
#include <vector>

namespace colors::graphql {

// The `extensions.code` values that are ours (not mapped from errc).
namespace codes {
inline constexpr const char* parse_failed = "GRAPHQL_PARSE_FAILED";
inline constexpr const char* validation_failed = "GRAPHQL_VALIDATION_FAILED";
inline constexpr const char* bad_user_input = "BAD_USER_INPUT";
inline constexpr const char* document_too_large = "DOCUMENT_TOO_LARGE";
inline constexpr const char* too_many_tokens = "TOO_MANY_TOKENS";
inline constexpr const char* query_too_deep = "QUERY_TOO_DEEP";
inline constexpr const char* too_many_aliases = "TOO_MANY_ALIASES";
inline constexpr const char* query_too_complex = "QUERY_TOO_COMPLEX";
inline constexpr const char* persisted_query_not_found = "PERSISTED_QUERY_NOT_FOUND";
inline constexpr const char* persisted_query_mismatch = "PERSISTED_QUERY_HASH_MISMATCH";
inline constexpr const char* operation_not_found = "OPERATION_NOT_FOUND";
inline constexpr const char* internal = "INTERNAL";
} // namespace codes

// The one place where errc becomes a GraphQL code.
const char* code_for(errc code);

// A code for any caf::error: ours are mapped, foreign ones are INTERNAL.
const char* code_for(const caf::error& err);

using path_segment = std::variant<std::string, std::size_t>;

struct error {
  std::string message;
  std::vector<location> locations;
  std::vector<path_segment> path;
  std::string code; // extensions.code; empty means none

  boost::json::object to_json() const;
};

[[nodiscard]] error make_error(std::string message, location loc, const char* code);

} // namespace colors::graphql
