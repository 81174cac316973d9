#pragma once
// Admin endpoints:
//   GET /admin/actors               the supervision tree as JSON (actors/node_info.hpp)
//   GET /admin/actors?format=tree   the same as an indented text tree (what colctl prints)
// They answer only while the server listens on a loopback address; on any other address they
// answer 403, until admin authentication exists.
//
// Thread-safety: add the routes before the server starts; the handlers run on any I/O thread
// and never block (the tree is fetched by a short-lived actor).
#include "http/router.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <string_view>

namespace colors::app {

// True for "localhost", 127.0.0.0/8 and ::1.
bool is_loopback_host(std::string_view host);

void add_admin_routes(http::router& routes, caf::actor_system& sys, caf::actor root,
                      bool loopback);

} // namespace colors::app
