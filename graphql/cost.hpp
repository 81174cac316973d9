#pragma once
// The depth and complexity of an operation with its fragments expanded, checked against the
// limits before execution. Pure, thread-safe.
#include "graphql/ast.hpp"
#include "graphql/error.hpp"
#include "graphql/limits.hpp"

#include <optional>

namespace colors::graphql {

struct operation_cost {
  std::size_t depth = 0;      // deepest field nesting (a root field is depth 1)
  std::size_t complexity = 0; // fields selected, each fragment spread counted where spread
};

// Needs a validated document (no fragment cycles).
operation_cost cost_of(const document& doc, const operation_definition& op);

// QUERY_TOO_DEEP or QUERY_TOO_COMPLEX when over the limits.
[[nodiscard]] std::optional<error> check_cost(const document& doc, const operation_definition& op,
                                              const limits& lim);

} // namespace colors::graphql
