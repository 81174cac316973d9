#pragma once
// Admin endpoints:
//   GET /admin/actors               the supervision tree as JSON (actors/node_info.hpp)
//   GET /admin/actors?format=tree   the same as an indented text tree (what colctl prints)
// Every admin route asks one `admin_guard` first. The default guard lets only loopback peers
// in (403 otherwise), whatever address the server listens on; the identity work replaces it
// with a PLATFORM_ADMIN token check (see loopback_only).
//
// Thread-safety: add the routes before the server starts; the handlers and the guard run on
// any I/O thread and never block (the tree is fetched by a short-lived actor).
#include "http/router.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <functional>
#include <optional>

namespace colors::app {

// Decides whether a caller may use the admin endpoints: nullopt lets the request through, a
// response (403, 401, ...) is sent instead. Must not block.
using admin_guard = std::function<std::optional<http::response>(const http::request&,
                                                                const http::call_info&)>;

// Lets loopback peers in and answers everyone else 403 FORBIDDEN.
admin_guard loopback_only();

void add_admin_routes(http::router& routes, caf::actor_system& sys, caf::actor root,
                      admin_guard guard = loopback_only());

} // namespace colors::app
