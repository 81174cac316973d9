#include "http/edge.hpp"

#include "http/errors.hpp"

#include <algorithm>

namespace colors::http {

namespace {

constexpr std::string_view allowed_methods = "GET, POST, OPTIONS";
constexpr std::string_view allowed_headers =
  "content-type, authorization, traceparent, x-request-id";
// Headers a cross-origin script may read besides the CORS-safelisted ones.
constexpr std::string_view exposed_headers = "x-request-id, traceparent, retry-after";

std::string_view header(const request& req, bhttp::field f) {
  auto it = req.find(f);
  return it == req.end() ? std::string_view{}
                         : std::string_view{it->value().data(), it->value().size()};
}

std::string_view header_of(const response& res, bhttp::field f) {
  auto it = res.find(f);
  return it == res.end() ? std::string_view{}
                         : std::string_view{it->value().data(), it->value().size()};
}

void set(response& res, bhttp::field f, std::string_view value) {
  res.set(f, boost::beast::string_view{value.data(), value.size()});
}

// Caches must keep one answer per Origin: our CORS headers depend on it.
void add_vary_origin(response& res) {
  auto vary = header_of(res, bhttp::field::vary);
  if (vary.find("Origin") == std::string_view::npos)
    set(res, bhttp::field::vary, vary.empty() ? std::string{"Origin"} : std::string{vary} + ", Origin");
}

response preflight(const cors_policy& cors, std::string_view origin) {
  if (!cors.allows(origin)) {
    auto res = error_response(status::forbidden, "FORBIDDEN",
                              "this origin may not call the API from a browser");
    add_vary_origin(res);
    return res;
  }
  response res{status::no_content, 11};
  set(res, bhttp::field::access_control_allow_origin, origin);
  set(res, bhttp::field::access_control_allow_methods, allowed_methods);
  set(res, bhttp::field::access_control_allow_headers, allowed_headers);
  res.set(bhttp::field::access_control_max_age, std::to_string(cors.max_age.count()));
  add_vary_origin(res);
  return res;
}

bool unlimited(const edge_policy& edge, std::string_view route) {
  return std::find(edge.unlimited_routes.begin(), edge.unlimited_routes.end(), route)
         != edge.unlimited_routes.end();
}

std::optional<response> limit(const edge_policy& edge, const call_info& call,
                              std::string_view route) {
  if (!edge.limiter || unlimited(edge, route) || (call.loopback && !edge.limit_loopback))
    return std::nullopt;
  auto decision = edge.limiter->take("request", call.peer_ip);
  if (decision)
    return std::nullopt;
  return rate_limited_response(decision.retry_after);
}

} // namespace

bool cors_policy::allows(std::string_view origin) const {
  return !origin.empty() && std::find(origins.begin(), origins.end(), origin) != origins.end();
}

bool is_preflight(const request& req) {
  return req.method() == verb::options && !header(req, bhttp::field::origin).empty()
         && !header(req, bhttp::field::access_control_request_method).empty();
}

response rate_limited_response(std::chrono::milliseconds retry_after) {
  auto seconds = std::max<int64_t>(1, (retry_after.count() + 999) / 1000);
  auto res = error_response(status::too_many_requests, "RATE_LIMITED",
                            "too many requests; retry in " + std::to_string(seconds) + " s");
  res.set(bhttp::field::retry_after, std::to_string(seconds));
  return res;
}

std::optional<response> screen(const edge_policy& edge, const request& req,
                               const call_info& call, std::string_view route) {
  if (auto refused = limit(edge, call, route))
    return refused;
  if (is_preflight(req))
    return preflight(edge.cors, header(req, bhttp::field::origin));
  return std::nullopt;
}

void decorate(const edge_policy& edge, const request& req, response& res) {
  set_security_headers(res);
  if (edge.cors.origins.empty())
    return;
  add_vary_origin(res);
  auto origin = header(req, bhttp::field::origin);
  if (!edge.cors.allows(origin) || res.find(bhttp::field::access_control_allow_origin) != res.end())
    return;
  set(res, bhttp::field::access_control_allow_origin, origin);
  set(res, bhttp::field::access_control_expose_headers, exposed_headers);
}

void set_security_headers(response& res) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set(bhttp::field::x_frame_options, "DENY");
  res.set("Referrer-Policy", "no-referrer");
  res.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  if (res.find("Cross-Origin-Resource-Policy") == res.end())
    res.set("Cross-Origin-Resource-Policy", "same-site"); // public images say cross-origin
  if (res.find(bhttp::field::cache_control) == res.end())
    res.set(bhttp::field::cache_control, "no-store");
}

} // namespace colors::http
