#pragma once
// POST /kling/callback/<task id>/<secret>: Kling's status callback (../shared/KLING.md,
// "Callback"), the bare task object as the body. Accepted (200) only for a task the runner is
// moving whose secret matches; anything else is 404, a body that is not a task 400. Repeats are
// harmless: the runner ignores what it already knows.
//
// Thread-safety: add before the server starts; the handler runs on the I/O threads and asks
// the runner without blocking.
#include "http/router.hpp"

#include <caf/all.hpp>

namespace colors::app {

void add_kling_callback_route(http::router& routes, caf::actor_system& sys, caf::actor runner);

} // namespace colors::app
