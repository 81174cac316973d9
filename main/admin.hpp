#pragma once
// Admin endpoints:
//   GET /admin/actors               the supervision tree as JSON (actors/node_info.hpp)
//   GET /admin/actors?format=tree   the same as an indented text tree (what colctl prints)
// Every admin route asks one `admin_guard` first. The server's guard lets only PLATFORM_ADMIN
// bearer tokens in (main/services.hpp); `loopback_only` lets only loopback peers in.
//
// Thread-safety: add the routes before the server starts; the handlers and the guard run on
// any I/O thread and never block (the tree is fetched by a short-lived actor).
#include "http/router.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <functional>
#include <optional>

namespace colors::app {

// Decides whether a caller may use the admin endpoints and answers through `done`: nullopt lets
// the request through, a response (403, 401, ...) is sent instead. Must not block; may answer
// from another thread.
using guard_done = std::function<void(std::optional<http::response> refusal)>;
using admin_guard =
  std::function<void(const http::request&, const http::call_info&, guard_done done)>;

// Lets loopback peers in and answers everyone else 403 FORBIDDEN.
admin_guard loopback_only();

void add_admin_routes(http::router& routes, caf::actor_system& sys, caf::actor root,
                      admin_guard guard = loopback_only());

} // namespace colors::app
