#pragma once
// How the GraphQL front ends (HTTP and graphql-transport-ws) learn who is calling: they hand the
// bearer token (Authorization header, or connection_init's `authorization`/`token`) and the
// connection's call_info to a factory, which answers with the request context resolvers see, or
// with an error (the request is then refused: 401 over HTTP, 4403 on the socket).
//
// Thread-safety: the factory may be called from any I/O thread and answer from any thread.
#include "http/call_info.hpp"

#include <boost/json/object.hpp>
#include <caf/expected.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace colors::http {

using context_done = std::function<void(caf::expected<std::shared_ptr<void>>)>;
using context_factory =
  std::function<void(const call_info& call, std::string_view bearer_token, context_done done)>;

// The token of an "Authorization: Bearer <token>" value; empty when it is not one.
std::string_view bearer_of(std::string_view authorization);

// The token of a connection_init payload: {"authorization": "Bearer <t>"} or {"token": "<t>"}.
std::string bearer_of(const boost::json::object& init_payload);

} // namespace colors::http
