#pragma once
// Liveness endpoint: GET /healthz -> 200 {"status":"ok"}.
#include "http/router.hpp"

namespace colors::http {

void add_health_routes(router& routes);

} // namespace colors::http
