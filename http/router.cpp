#include "http/router.hpp"

#include "http/errors.hpp"

#include "common/log.hpp"

#include <exception>

namespace colors::http {

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

void router::add(verb method, std::string path, handler h) {
  add_async(method, std::move(path),
            [h = std::move(h)](const request& req, const call_info& call, reply_fn reply) {
              reply(h(req, call));
            });
}

void router::add_async(verb method, std::string path, async_handler h) {
  routes_[std::move(path)].push_back(route{method, std::move(h)});
}

void router::add_websocket(std::string path, std::shared_ptr<ws_operations> ops) {
  websockets_[std::move(path)] = std::move(ops);
}

std::shared_ptr<ws_operations> router::websocket(std::string_view target) const {
  auto it = websockets_.find(path_of(target));
  return it == websockets_.end() ? nullptr : it->second;
}

void router::dispatch(const request& req, reply_fn reply) const {
  dispatch(req, call_info{}, std::move(reply));
}

void router::dispatch(const request& req, const call_info& call, reply_fn reply) const {
  auto target = req.target();
  auto it = routes_.find(path_of(std::string_view{target.data(), target.size()}));
  if (it == routes_.end()) {
    reply(error_response(status::not_found, "NOT_FOUND", "no such endpoint"));
    return;
  }
  for (const auto& r : it->second)
    if (r.method == req.method())
      return invoke(r, req, call, reply);
  reply(method_not_allowed(it->second));
}

std::string_view router::route_of(std::string_view target) const {
  auto it = routes_.find(path_of(target));
  return it == routes_.end() ? std::string_view{"unmatched"} : std::string_view{it->first};
}

// A handler that throws is a bug; answer 500 rather than lose the connection.
void router::invoke(const route& r, const request& req, const call_info& call,
                    reply_fn& reply) {
  try {
    r.handle(req, call, reply);
  } catch (const std::exception& e) {
    log(log_level::error, "handler threw", {{"error", e.what()}});
    reply(error_response(status::internal_server_error, "INTERNAL", "Internal Server Error"));
  }
}

response router::method_not_allowed(const route_list& routes) {
  std::string allow;
  for (const auto& r : routes) {
    auto name = bhttp::to_string(r.method);
    allow += (allow.empty() ? "" : ", ") + std::string{name.data(), name.size()};
  }
  auto res = error_response(status::method_not_allowed, "METHOD_NOT_ALLOWED",
                            "this endpoint does not accept that method");
  res.set(bhttp::field::allow, allow);
  return res;
}

} // namespace colors::http
