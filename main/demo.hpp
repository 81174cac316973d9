#pragma once
// Demo data for `make run` (--demo-data): the demo accounts through the identity service and
// the demo catalog through the GraphQL API (main/demo_catalog.hpp), once (later starts find
// them there and skip them). Blocking; call before serving.
#include "main/services.hpp"

#include "graphql/engine.hpp"

namespace colors::app {

// The demo accounts (public, documented in the README; for local trying-out only).
inline constexpr const char* demo_admin_email = "admin@colors.example";
inline constexpr const char* demo_admin_password = "colors-admin-demo";
inline constexpr const char* demo_shopper_email = "demo@colors.example";
inline constexpr const char* demo_shopper_password = "colors-demo-shopper";

// The accounts, then a catalog of `products` products (0: none).
void load_demo_data(api_services& services, std::shared_ptr<const graphql::engine> engine,
                    size_t products);

} // namespace colors::app
