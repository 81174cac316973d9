#pragma once
// The public GraphQL API of the server: the SDL compiled in, and the resolvers that exist so far.
#include "graphql/engine.hpp"
#include "http/rate_limiter.hpp"

#include <chrono>
#include <memory>
#include <string_view>

namespace colors::app {

// schemas/schema.graphql as it was at build time.
std::string_view schema_sdl();

struct api_state {
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::function<bool()> healthy; // every readiness check passes
  // The server's one rate limiter (also behind the per-IP "request" class at the HTTP edge):
  // resolvers call e.g. limiter->take("login", call.peer_ip) and answer RATE_LIMITED when
  // refused. Never null in the server.
  std::shared_ptr<http::rate_limiter> limiter;
};

// The engine over schema_sdl() with the resolvers implemented so far; nullptr with `err` set
// when the SDL does not build.
std::shared_ptr<const graphql::engine> make_engine(std::shared_ptr<const api_state> state,
                                                   graphql::error& err);

} // namespace colors::app
