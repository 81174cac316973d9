#pragma once
// Execution of one validated operation (spec section 6): fields of queries in parallel,
// mutation root fields in series, non-null propagation, partial results with errors.
//
// Thread-safety: `execute` may be called from any thread. Resolvers may complete on any thread;
// each field writes only its own result slot and completion counts are atomic, so the response
// is assembled by whichever thread completes last, after every write is visible to it.
#include "graphql/ast.hpp"
#include "graphql/resolver.hpp"
#include "graphql/schema.hpp"

#include <boost/json.hpp>

#include <functional>
#include <memory>

namespace colors::graphql {

struct execution_params {
  std::shared_ptr<const graphql::schema> schema_ptr;
  std::shared_ptr<const document> doc;      // validated
  const operation_definition* op = nullptr; // inside doc
  boost::json::object variables;            // already coerced
  boost::json::value root_value;            // parent value of the root fields
  std::shared_ptr<void> context;
  std::shared_ptr<const resolver_map> resolvers;
  std::shared_ptr<const resolver_map> builtin; // introspection
};

// Runs the operation and calls `done` once with {errors?, data}.
void execute(execution_params params, std::function<void(boost::json::object)> done);

} // namespace colors::graphql
