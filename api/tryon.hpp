#pragma once
// The try-on API: Mutation.createTryOnTask / cancelTryOnTask, Query.tryOnTask / tryOnTasks and
// Subscription.tryOnTaskUpdated. Tasks are entities (domain/tryon_task.hpp); the runner
// (tryon/task_runner.hpp) moves them through Kling; lists, the quota, the result cache and live
// values come from the read model (projections/tryon_tasks.hpp).
#include "api/products.hpp"
#include "api/tryon_quota.hpp"
#include "http/live_subscriptions.hpp"
#include "media/library.hpp"
#include "projections/tryon_tasks.hpp"

#include <caf/all.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace colors::api {

struct tryon_api {
  caf::actor tasks; // the registry's proxy
  std::shared_ptr<const projections::tryon_tasks> model;
  std::shared_ptr<media::library> media;
  catalog_api catalog; // products (and the actor system)
  // Hands a new task to the runner.
  std::function<void(const std::string& task_id)> run;
  std::shared_ptr<tryon_quota> quota = std::make_shared<tryon_quota>(50); // tasks per user per UTC day
  std::chrono::milliseconds cache_ttl = std::chrono::hours{24 * 30}; // 0: no cache
  caf::timespan timeout = std::chrono::seconds{10};
};

void add_tryon_resolvers(graphql::resolver_map& resolvers, tryon_api api);

// Subscription.tryOnTaskUpdated: topic "tryon-<id>"; the task as of each status change, until
// it succeeds or fails. Only its owner and platform admins may subscribe.
http::live_source tryon_updates(tryon_api api);

} // namespace colors::api
