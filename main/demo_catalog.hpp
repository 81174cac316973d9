#pragma once
// Loads the demo catalog (main/demo_catalog_data.hpp) through the GraphQL API as the demo
// platform admin: brands, categories, products with garment images, variants and stock,
// published, and collections. Once: a catalog that already has the demo brands is left alone.
// Blocking (waits for each mutation); call before serving, never on a CAF thread.
#include "main/demo_catalog_data.hpp"

#include "graphql/engine.hpp"
#include "projections/catalog.hpp"

#include <caf/expected.hpp>

#include <functional>
#include <memory>

namespace colors::app {

struct demo_catalog_deps {
  std::shared_ptr<const graphql::engine> engine;
  std::shared_ptr<void> admin; // the request context of a platform admin
  std::shared_ptr<const projections::catalog> catalog;
  // Renders and stores the product's garment image; its media id.
  std::function<caf::expected<std::string>(const demo_product&)> garment_image;
};

// Loads `products` products (and the rest) unless the demo brands exist.
[[nodiscard]] caf::error load_demo_catalog(const demo_catalog_deps& deps, size_t products);

} // namespace colors::app
