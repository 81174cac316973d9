#include "http/health.hpp"

#include "http/errors.hpp"

#include "common/json.hpp"
#include "common/metrics.hpp"

namespace colors::http {

namespace {

response readiness(const readiness_probe& probe) {
  auto checks = probe ? probe() : std::vector<readiness_check>{};
  bool ready = true;
  std::string list;
  for (const auto& c : checks) {
    ready = ready && c.ok;
    list += (list.empty() ? "" : ",") + json_string(c.name) + ":{\"ok\":"
            + (c.ok ? "true" : "false") + ",\"detail\":" + json_string(c.detail) + "}";
  }
  return json_response(ready ? status::ok : status::service_unavailable,
                       std::string{"{\"status\":"} + (ready ? "\"ready\"" : "\"not_ready\"")
                         + ",\"checks\":{" + list + "}}");
}

response prometheus_text() {
  response res{status::ok, 11};
  res.set(bhttp::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
  res.body() = metrics::registry::global().render();
  return res;
}

} // namespace

void add_health_routes(router& routes, readiness_probe probe) {
  routes.add(verb::get, "/healthz", [](const request&, const call_info&) {
    return json_response(status::ok, R"({"status":"ok"})");
  });
  routes.add(verb::get, "/readyz", [probe = std::move(probe)](const request&, const call_info&) {
    return readiness(probe);
  });
  routes.add(verb::get, "/metrics",
             [](const request&, const call_info&) { return prometheus_text(); });
}

} // namespace colors::http
