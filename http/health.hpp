#pragma once
// Operational endpoints:
//   GET /healthz -> 200 {"status":"ok"} while the process serves at all (liveness).
//   GET /readyz  -> 200 when every readiness check passes, else 503; the body lists each check.
//   GET /metrics -> the process metrics in the Prometheus text format.
#include "http/router.hpp"

#include <functional>
#include <string>
#include <vector>

namespace colors::http {

struct readiness_check {
  std::string name;
  bool ok = false;
  std::string detail; // why not, for operators
};

// Runs on an I/O thread for each /readyz request: must be cheap and must not block.
using readiness_probe = std::function<std::vector<readiness_check>()>;

void add_health_routes(router& routes, readiness_probe probe = {});

} // namespace colors::http
