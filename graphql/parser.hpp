#pragma once
// Parser of GraphQL documents (spec October 2021, plus the `\u{...}` escapes graphql-js
// accepts): executable definitions and type system definitions and extensions. Pure function,
// thread-safe.
#include "graphql/ast.hpp"
#include "graphql/error.hpp"
#include "graphql/limits.hpp"

#include <optional>
#include <string_view>

namespace colors::graphql {

// Parses `text` into `out`. On failure returns the error (with line/column and a code:
// GRAPHQL_PARSE_FAILED or the code of the limit that was hit).
[[nodiscard]] std::optional<error> parse(std::string_view text, const limits& lim, document& out);

} // namespace colors::graphql
