#include "http/router.hpp"

#include "http/errors.hpp"
#include "http/graphql_http.hpp"

#include "common/log.hpp"

#include <exception>

namespace colors::http {

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

std::optional<std::vector<std::pair<std::string, std::string>>>
query_params(std::string_view target) {
  auto q = target.find('?');
  auto params = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
  std::vector<std::pair<std::string, std::string>> out;
  while (!params.empty()) {
    auto amp = params.find('&');
    auto pair = params.substr(0, amp);
    params = amp == std::string_view::npos ? std::string_view{} : params.substr(amp + 1);
    auto eq = pair.find('=');
    auto key = url_decode(pair.substr(0, eq));
    auto value = url_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!key || !value)
      return std::nullopt;
    out.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

std::optional<std::string> query_param(std::string_view target, std::string_view name) {
  auto params = query_params(target);
  if (params)
    for (auto& [key, value] : *params)
      if (key == name)
        return std::move(value);
  return std::nullopt;
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

void router::add_prefix_async(verb method, std::string prefix, async_handler h) {
  prefixes_[std::move(prefix)].push_back(route{method, std::move(h)});
}

// The routes of an exact path, else of the longest registered prefix of it.
const router::route_list* router::routes_of(std::string_view path,
                                            std::string_view* label) const {
  if (auto it = routes_.find(path); it != routes_.end()) {
    if (label)
      *label = it->first;
    return &it->second;
  }
  for (auto it = prefixes_.rbegin(); it != prefixes_.rend(); ++it)
    if (path.starts_with(it->first)) {
      if (label)
        *label = it->first;
      return &it->second;
    }
  return nullptr;
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
  const auto* routes = routes_of(path_of(std::string_view{target.data(), target.size()}));
  if (!routes) {
    reply(error_response(status::not_found, "NOT_FOUND", "no such endpoint"));
    return;
  }
  for (const auto& r : *routes)
    if (r.method == req.method())
      return invoke(r, req, call, reply);
  reply(method_not_allowed(*routes));
}

std::string_view router::route_of(std::string_view target) const {
  std::string_view label = "unmatched";
  routes_of(path_of(target), &label);
  return label;
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
