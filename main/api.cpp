#include "main/api.hpp"

#include "api/products.hpp"
#include "api/tryon.hpp"
#include "api/users.hpp"
#include "api/views.hpp"
#include "common/clock.hpp"
#include "main/services.hpp"

#include <ctime>

namespace colors::app {

namespace {

namespace json = boost::json;


// Query.health: answered from the process itself, no actor involved.
graphql::resolver health(std::shared_ptr<const api_state> state) {
  return [state](const graphql::resolve_info&, graphql::resolve_done done) {
    auto up = std::chrono::steady_clock::now() - state->started;
    json::object out;
    out["status"] = state->healthy && !state->healthy() ? "DEGRADED" : "OK";
    out["version"] = "0.1.0";
    out["uptimeSeconds"] = std::chrono::duration_cast<std::chrono::seconds>(up).count();
    out["checkedAt"] = api::rfc3339(unix_millis());
    done(json::value(std::move(out)));
  };
}

} // namespace

std::shared_ptr<const graphql::engine> make_engine(std::shared_ptr<const api_state> state,
                                                   const api_services& services,
                                                   graphql::error& err) {
  graphql::resolver_map resolvers;
  resolvers.add("Query", "health", health(std::move(state)));
  if (services.identity)
    api::add_user_resolvers(resolvers, services.identity);
  if (services.catalog.sys)
    api::add_catalog_resolvers(resolvers, services.catalog);
  if (services.tryon.model)
    api::add_tryon_resolvers(resolvers, services.tryon);
  return graphql::engine::create(schema_sdl(), std::move(resolvers), {}, err);
}

std::map<std::string, http::live_source> live_sources(const api_services& services) {
  std::map<std::string, http::live_source> out{{"productUpdated", api::product_updates(services.catalog)}};
  if (services.tryon.model)
    out.emplace("tryOnTaskUpdated", api::tryon_updates(services.tryon));
  return out;
}

} // namespace colors::app
