#pragma once
// Routing of the plain endpoints: method + exact path -> handler. One place to add routes.
//
// Thread-safety: add routes before the server starts. Afterwards the router is only read and
// `dispatch` may run concurrently on every I/O thread.
#include "http/call_info.hpp"
#include "http/types.hpp"
#include "http/ws_operations.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace colors::http {

// Delivers the response to one request, from any thread. Call it once: it holds the connection
// open until called (later calls of the same copy are ignored).
using reply_fn = std::function<void(response)>;

// Answers on the I/O thread; must not block.
using handler = std::function<response(const request&, const call_info&)>;

// Answers later (e.g. after asking an actor). `req` and `call` stay valid until `reply` is
// called; copy what outlives it.
using async_handler =
  std::function<void(const request& req, const call_info& call, reply_fn reply)>;

class router {
public:
  void add(verb method, std::string path, handler h);
  void add_async(verb method, std::string path, async_handler h);
  // Every path under `prefix` (which ends in '/', e.g. "/media/") that has no exact route.
  void add_prefix_async(verb method, std::string prefix, async_handler h);
  // A WebSocket endpoint speaking graphql-transport-ws (an Upgrade request on `path`).
  void add_websocket(std::string path, std::shared_ptr<ws_operations> ops);
  // The operations behind a WebSocket path, or nullptr.
  std::shared_ptr<ws_operations> websocket(std::string_view target) const;

  // Calls the matching handler; 404 for an unknown path, 405 for a known path and wrong method.
  void dispatch(const request& req, const call_info& call, reply_fn reply) const;
  // The same for an unknown caller (tests, fuzzing): not loopback, no peer address.
  void dispatch(const request& req, reply_fn reply) const;

  // The registered path or prefix a target falls under, or "unmatched" (a bounded metrics
  // label).
  std::string_view route_of(std::string_view target) const;

private:
  struct route {
    verb method;
    async_handler handle;
  };
  using route_list = std::vector<route>;

  const route_list* routes_of(std::string_view path, std::string_view* label = nullptr) const;
  static response method_not_allowed(const route_list& routes);
  static void invoke(const route& r, const request& req, const call_info& call, reply_fn& reply);

  std::map<std::string, route_list, std::less<>> routes_;
  std::map<std::string, route_list, std::less<>> prefixes_;
  std::map<std::string, std::shared_ptr<ws_operations>, std::less<>> websockets_;
};

// The path of a request target, without the query string.
std::string_view path_of(std::string_view target);

// The URL-decoded query parameters of a request target, in order; nullopt when malformed.
std::optional<std::vector<std::pair<std::string, std::string>>>
query_params(std::string_view target);

// The URL-decoded value of query parameter `name` of a request target; nullopt when absent or
// malformed.
std::optional<std::string> query_param(std::string_view target, std::string_view name);

} // namespace colors::http
