#pragma once
// What every request meets before and after routing: the per-IP "request" rate limit, CORS
// (preflights and allowed origins) and the security headers on every response.
//
// Thread-safety: an edge_policy is immutable once the server starts (the limiter inside is
// internally locked); the functions here may run concurrently on every I/O thread.
#include "http/call_info.hpp"
#include "http/rate_limiter.hpp"
#include "http/types.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colors::http {

// Which browser origins may call the API from another site. Empty: none (same-origin only).
struct cors_policy {
  std::vector<std::string> origins; // exact origins, e.g. "https://shop.example" (lowercase)
  std::chrono::seconds max_age{600}; // how long a browser may cache a preflight answer
  bool allows(std::string_view origin) const;
};

struct edge_policy {
  // Shared with the GraphQL resolvers ("login", "mutation", "tryon"); null: nothing limited.
  std::shared_ptr<rate_limiter> limiter;
  // Loopback peers (local tools, load tests, a reverse proxy on the same host) skip the
  // per-IP "request" class unless this is set. Other classes apply to them as to anyone.
  bool limit_loopback = false;
  // Routes never rate limited: probes and scrapers must see an overloaded server as it is.
  std::vector<std::string> unlimited_routes{"/healthz", "/readyz", "/metrics"};
  cors_policy cors;
};

// Before routing: a 429 for a caller over its "request" limit, the answer to a CORS preflight
// (any path), or nullopt to route the request.
std::optional<response> screen(const edge_policy& edge, const request& req,
                               const call_info& call, std::string_view route);

// After: CORS headers for an allowed origin and the security headers, on every response.
void decorate(const edge_policy& edge, const request& req, response& res);

// The security headers alone, for responses to requests we could not read (413, 400). API
// responses get `Cache-Control: no-store` unless the handler chose a cache policy itself.
void set_security_headers(response& res);

// 429 RATE_LIMITED with Retry-After in whole seconds (at least 1).
response rate_limited_response(std::chrono::milliseconds retry_after);

// True for an OPTIONS request with Origin and Access-Control-Request-Method.
bool is_preflight(const request& req);

} // namespace colors::http
