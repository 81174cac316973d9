#pragma once
// What a resolver knows about the request it serves: who is calling (after the access token was
// checked) and from where. Attached to graphql::request::context by the HTTP and WebSocket
// front ends; resolvers read it through `context_of`.
#include "graphql/resolver.hpp"
#include "identity/directory.hpp"
#include "identity/service.hpp"

#include <memory>
#include <optional>
#include <string>

namespace colors::api {

struct request_context {
  std::optional<identity::principal> who; // empty: anonymous
  std::string client_ip;
  identity::throttle_fn throttle;         // rate limits; empty: none

  // Who a rate limit counts against: the user, else the address.
  std::string throttle_key() const { return who ? "user:" + who->user_id : "ip:" + client_ip; }

  const identity::principal* caller() const { return who ? &*who : nullptr; }
};

// The request's context; an anonymous one when none was attached.
const request_context& context_of(const std::shared_ptr<void>& context);
inline const request_context& context_of(const graphql::resolve_info& info) {
  return context_of(info.context);
}

} // namespace colors::api
