#pragma once
// The catalog in the API: products with their variants and stock, brands, categories,
// collections, catalog listing and search, and the live source of Subscription.productUpdated.
// Reads of one product and every command go to the entity registries with one asynchronous ask
// each; lists, search and the objects nested in a product come from the catalog read model.
// Nothing here blocks.
#include "events/types.hpp"
#include "graphql/resolver.hpp"
#include "http/live_subscriptions.hpp"
#include "projections/catalog.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <functional>
#include <memory>

namespace colors::api {

struct catalog_api {
  caf::actor_system* sys = nullptr;
  caf::actor products; // the registries' proxies
  caf::actor brands;
  caf::actor categories;
  caf::actor collections;
  std::shared_ptr<const projections::catalog> catalog;
  // What a product image is, by the id of its upload; not_found for no such product image.
  std::function<caf::expected<events::ProductImage>(const std::string& media_id)> product_image;
  caf::timespan timeout = std::chrono::seconds{10};
};

// Every resolver of the catalog (the four below).
void add_catalog_resolvers(graphql::resolver_map& resolvers, catalog_api api);

void add_product_resolvers(graphql::resolver_map& resolvers, catalog_api api);
void add_inventory_resolvers(graphql::resolver_map& resolvers, catalog_api api);
void add_catalog_entry_resolvers(graphql::resolver_map& resolvers, catalog_api api);
void add_catalog_search_resolvers(graphql::resolver_map& resolvers, catalog_api api);

// Subscription.productUpdated: topic "product-<id>"; the value is the product's state now.
http::live_source product_updates(catalog_api api);

} // namespace colors::api
