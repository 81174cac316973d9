#pragma once
// The public GraphQL API of the server: the SDL compiled in, and the resolvers that exist so far.
#include "graphql/engine.hpp"
#include "http/live_subscriptions.hpp"
#include "http/rate_limiter.hpp"
#include "identity/service.hpp"

#include <chrono>
#include <memory>
#include <string_view>

namespace colors::app {

struct api_services;

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
                                                   const api_services& services,
                                                   graphql::error& err);

// The root Subscription fields that are served live.
std::map<std::string, http::live_source> live_sources(const api_services& services);

} // namespace colors::app
