#pragma once
// graphql-transport-ws operations served by the GraphQL engine.
//
// Queries and mutations sent over the socket run once: one `next`, then `complete`. Requests
// that fail before execution end with `error`. Subscription operations need a live event source
// per root field: they run on `live` (live_subscriptions.hpp); without it, or for a field with no
// live source, a subscription ends with an `error` saying it is not available. Every
// connection_init is checked by the context factory: no token is an anonymous connection, a bad
// token is refused (4403); without a factory every connection is anonymous.
//
// Thread-safety: immutable after construction; `start` may run on any connection's strand.
#include "http/ws_operations.hpp"

#include "graphql/engine.hpp"
#include "http/graphql_context.hpp"
#include "http/live_subscriptions.hpp"

#include <memory>

namespace colors::http {

class graphql_ws_operations : public ws_operations {
public:
  explicit graphql_ws_operations(std::shared_ptr<const graphql::engine> engine,
                                 std::shared_ptr<live_subscriptions> live = nullptr,
                                 context_factory contexts = {});

  void authenticate(const call_info& call, const boost::json::object& init_payload,
                    auth_done done) override;
  std::shared_ptr<operation_handle> start(const call_info& call,
                                          const std::shared_ptr<void>& context,
                                          graphql_ws::operation_request request,
                                          std::shared_ptr<operation_sink> out) override;

private:
  std::shared_ptr<const graphql::engine> engine_;
  std::shared_ptr<live_subscriptions> live_;
  context_factory contexts_;
};

} // namespace colors::http
