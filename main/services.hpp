#pragma once
// The server's services beyond storage: the entity registries and the live hub feed in the
// supervision tree, the identity service, live subscriptions, and the request contexts of the
// GraphQL front ends (who is calling, from where).
#include "main/admin.hpp"
#include "main/options.hpp"
#include "main/tree.hpp"

#include "common/secrets.hpp"
#include "api/products.hpp"
#include "api/tryon.hpp"
#include "http/graphql_context.hpp"
#include "http/live_subscriptions.hpp"
#include "http/rate_limiter.hpp"
#include "identity/service.hpp"
#include "media/library.hpp"
#include "projections/catalog.hpp"
#include "projections/topic_hub.hpp"
#include "projections/tryon_tasks.hpp"
#include "tryon/task_runner.hpp"

#include <caf/actor_system.hpp>

#include <memory>

namespace colors::app {

// The read models the log feeds in the tree keep current.
struct read_models {
  std::shared_ptr<projections::topic_hub> hub;
  std::shared_ptr<projections::catalog> catalog;
  std::shared_ptr<projections::tryon_tasks> tryon; // fed by the live-hub feed, before the hub
};

struct api_services {
  std::shared_ptr<projections::topic_hub> hub;
  std::shared_ptr<identity::service> identity;
  std::shared_ptr<http::live_subscriptions> live; // set once the engine exists
  http::context_factory contexts;
  api::catalog_api catalog;
  // Stored images: media::library::lookup(id) for resolvers (e.g. a product's images).
  std::shared_ptr<media::library> media;
  api::tryon_api tryon;
  caf::actor tryon_runner;
};

// The tree's children after storage: the registries ("users", "products", "brands",
// "categories", "collections", "tryon-tasks"), the log feeds ("live-hub", "catalog") and the
// try-on runner ("tryon-runner").
process_tree::services_fn service_children(std::shared_ptr<actors::store_holder> holder,
                                           read_models models,
                                           std::shared_ptr<const tryon::runner_deps> runner);

// The identity service on the running tree; contexts check bearer tokens with it. `limiter`
// throttles logins, registrations and mutations.
// The runner's links are set here (not yet its resume: that waits for the HTTP server, see
// `start_tryon`).
api_services start_services(caf::actor_system& sys, const process_tree& tree,
                            std::shared_ptr<actors::store_holder> holder, secrets keys,
                            read_models models, std::shared_ptr<http::rate_limiter> limiter,
                            std::shared_ptr<const tryon::runner_deps> runner, const options& opts);

// Once the server listens on `address`: the callback URL, then the unfinished tasks resume.
void start_tryon(const api_services& services, const tryon::runner_deps& runner,
                 const options& opts, const std::string& address);

// The admin endpoints' guard: a bearer token of a PLATFORM_ADMIN (401 without a valid token,
// 403 for other roles), checked by the permission table as "<METHOD> <path>".
admin_guard platform_admins_only(std::shared_ptr<identity::service> identity);

} // namespace colors::app
