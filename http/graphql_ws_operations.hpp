#pragma once
// graphql-transport-ws operations served by the GraphQL engine.
//
// Queries and mutations sent over the socket run once: one `next`, then `complete`. Requests
// that fail before execution end with `error`. Subscription operations need a live event source
// per root field; none is wired yet (try-on updates come with the try-on issue), so a
// subscription ends with an `error` saying the field is not available. Every connection_init
// is accepted until the identity issue brings tokens.
//
// Thread-safety: immutable after construction; `start` may run on any connection's strand.
#include "http/ws_operations.hpp"

#include "graphql/engine.hpp"

#include <memory>

namespace colors::http {

class graphql_ws_operations : public ws_operations {
public:
  explicit graphql_ws_operations(std::shared_ptr<const graphql::engine> engine);

  void authenticate(const boost::json::object& init_payload, auth_done done) override;
  std::shared_ptr<operation_handle> start(graphql_ws::operation_request request,
                                          std::shared_ptr<operation_sink> out) override;

private:
  std::shared_ptr<const graphql::engine> engine_;
};

} // namespace colors::http
