#pragma once
// GraphQL over HTTP (the GraphQL-over-HTTP spec) and over WebSocket (graphql-transport-ws) on
// /graphql, served by a graphql::engine.
//   POST /graphql  JSON body {query, variables?, operationName?, extensions?}; 415 for another
//                  content type, 400 for a malformed body.
//   GET  /graphql?query=...&variables=...&operationName=...  queries only (405 otherwise).
// With `Accept: application/graphql-response+json` a request that fails before execution is a
// 400; with application/json (the default) every well-formed request is a 200.
// Thread-safety: the handlers run on I/O threads and answer from whichever thread the engine
// finishes on; the engine is immutable.
#include "http/router.hpp"

#include "graphql/engine.hpp"
#include "http/graphql_context.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace colors::http {

// With `contexts`, each request's context comes from it (its bearer token); a refused token is a
// 401 with a GraphQL error body.
void add_graphql_routes(router& routes, std::shared_ptr<const graphql::engine> engine,
                        context_factory contexts = {});

// Decodes application/x-www-form-urlencoded text ('+' is a space); nullopt when malformed.
std::optional<std::string> url_decode(std::string_view text);

} // namespace colors::http
