#include "main/demo.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"

#include <future>

namespace colors::app {

namespace {

void load_demo_shopper(identity::service& identity) {
  std::promise<caf::expected<identity::signed_in>> done;
  identity.register_user({demo_shopper_email, demo_shopper_password, "Demo Shopper"}, "demo",
                         [&](caf::expected<identity::signed_in> r) { done.set_value(std::move(r)); });
  auto r = done.get_future().get();
  if (!r && code_of(r.error()) != errc::duplicate)
    log(log_level::warn, "demo shopper not created", {{"error", message_of(r.error())}});
}

} // namespace

void load_demo_data(identity::service& identity) {
  auto admin = identity.bootstrap_admin(demo_admin_email, demo_admin_password, "Demo Admin");
  if (!admin)
    log(log_level::warn, "demo admin not created", {{"error", message_of(admin.error())}});
  load_demo_shopper(identity);
  log(log_level::info, "demo data loaded",
      {{"admin", demo_admin_email}, {"shopper", demo_shopper_email},
       {"passwords", "see README (demo only)"}});
}

} // namespace colors::app
