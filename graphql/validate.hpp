#pragma once
// Validation of an executable document against a schema: every rule of the spec's Validation
// section (graphql-js `specifiedRules`, including MaxIntrospectionDepth). Pure function of its
// arguments, thread-safe.
#include "graphql/ast.hpp"
#include "graphql/error.hpp"
#include "graphql/schema.hpp"

#include <vector>

namespace colors::graphql {

// The errors of `doc` (empty when it is valid), each with locations and the code
// GRAPHQL_VALIDATION_FAILED, in the order graphql-js would report most of them.
[[nodiscard]] std::vector<error> validate(const schema& s, const document& doc);

} // namespace colors::graphql
