#pragma once
// Demo data for `make run` (--demo-data): loaded through the same services the API uses, once
// (later starts find it there and skip it). Blocking; call before serving.
#include "identity/service.hpp"

namespace colors::app {

// The demo accounts (public, documented in the README; for local trying-out only).
inline constexpr const char* demo_admin_email = "admin@colors.example";
inline constexpr const char* demo_admin_password = "colors-admin-demo";
inline constexpr const char* demo_shopper_email = "demo@colors.example";
inline constexpr const char* demo_shopper_password = "colors-demo-shopper";

void load_demo_data(identity::service& identity);

} // namespace colors::app
