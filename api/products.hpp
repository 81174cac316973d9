#pragma once
// Products in the API: Query.product, the product mutations (brand admins), and the live source
// of Subscription.productUpdated. Reads and commands go straight to the product registry with
// one asynchronous ask each; nothing here blocks.
#include "graphql/resolver.hpp"
#include "http/live_subscriptions.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

namespace colors::api {

struct product_api {
  caf::actor_system* sys = nullptr;
  caf::actor products; // the product registry's proxy
  caf::timespan timeout = std::chrono::seconds{10};
};

void add_product_resolvers(graphql::resolver_map& resolvers, product_api api);

// Subscription.productUpdated: topic "product-<id>"; the value is the product's state now.
http::live_source product_updates(product_api api);

} // namespace colors::api
