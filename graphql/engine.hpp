#pragma once
// The GraphQL engine as the HTTP/WebSocket layer sees it: built once from the SDL text and the
// resolvers, then `execute(request, done)` per request.
//
// Thread-safety: an engine is immutable after `create` except for its persisted-query and
// document caches, which are internally locked; `prepare`, `execute` and `execute_prepared` may run
// concurrently on any threads. `done` is called exactly once, on the thread that finishes the work
// (the caller's thread when nothing is asynchronous, else a resolver's completion thread).
#include "graphql/apq.hpp"
#include "graphql/error.hpp"
#include "graphql/limits.hpp"
#include "graphql/resolver.hpp"
#include "graphql/schema.hpp"

#include <boost/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace colors::graphql {

struct request {
  std::string query;          // may be empty with a persisted-query hash
  std::string operation_name; // empty: the document's only operation
  boost::json::object variables;
  boost::json::object extensions; // persistedQuery, ...
  boost::json::value root_value;  // root fields' parent (a subscription event)
  std::shared_ptr<void> context;  // handed to resolvers (auth, request id, ...)
};

struct engine_options {
  graphql::limits limits;
  std::size_t persisted_queries = 1000; // APQ cache capacity
  std::size_t document_cache = 256;     // parsed and validated documents kept by query text
};

// A request that passed parsing, validation, limits and variable coercion.
struct prepared_operation {
  std::shared_ptr<const document> doc;
  const operation_definition* op = nullptr; // inside doc
  boost::json::object variables;            // coerced
};

using response_callback = std::function<void(boost::json::object response)>;

class engine {
public:
  // nullptr and `err` set when the SDL is invalid.
  static std::shared_ptr<const engine> create(std::string_view sdl, resolver_map resolvers,
                                              engine_options options, error& err);

  // Runs the request; the response is {"errors"?: [...], "data"?: ...}. Without "data" the
  // request failed before execution (parse, validation, limits, variables, APQ): GraphQL over
  // HTTP answers those with 400 when the client accepts application/graphql-response+json.
  void execute(request req, response_callback done) const;

  // Everything before execution. On failure, the response object to send.
  std::variant<prepared_operation, boost::json::object> prepare(const request& req) const;

  // Executes a prepared operation (e.g. once per subscription event, with the event as
  // `root_value`: the root field's default resolver reads the member named after the field).
  void execute_prepared(const prepared_operation& op, boost::json::value root_value,
                        std::shared_ptr<void> context, response_callback done) const;

  // The type of the operation a request would run, without validating (GET allows only
  // queries); nullopt when it does not parse or names no operation.
  std::optional<operation_type> operation_type_of(const request& req) const;

  const graphql::schema& schema() const { return *schema_; }
  const persisted_query_cache& persisted_queries() const { return *apq_; }
  std::size_t cached_documents() const { return documents_->size(); }

private:
  engine() = default;
  std::optional<error> resolve_query(const request& req, std::string& query) const;
  std::variant<std::shared_ptr<const document>, boost::json::object>
  parsed(const std::string& query) const;
  const operation_definition* select(const document& doc, const std::string& name,
                                     std::optional<error>& err) const;

  std::shared_ptr<const graphql::schema> schema_;
  std::shared_ptr<const resolver_map> resolvers_;
  std::shared_ptr<const resolver_map> builtin_;
  engine_options options_;
  std::shared_ptr<persisted_query_cache> apq_;
  std::shared_ptr<lru_cache<std::shared_ptr<const document>>> documents_;
};

} // namespace colors::graphql
