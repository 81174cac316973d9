#include "http/health.hpp"

#include "http/errors.hpp"

namespace colors::http {

void add_health_routes(router& routes) {
  routes.add(verb::get, "/healthz",
             [](const request&) { return json_response(status::ok, R"({"status":"ok"})"); });
}

} // namespace colors::http
