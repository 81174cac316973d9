#include "main/demo.hpp"

#include "main/demo_catalog.hpp"

#include "api/context.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"
#include "media/garment_art.hpp"

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

// The request context of the demo admin, as the API would make it from a bearer token.
caf::expected<std::shared_ptr<void>> admin_context(api_services& services) {
  std::promise<caf::expected<identity::signed_in>> login;
  services.identity->login(demo_admin_email, demo_admin_password, "127.0.0.1",
                           [&](caf::expected<identity::signed_in> r) { login.set_value(std::move(r)); });
  auto admin = login.get_future().get();
  if (!admin)
    return admin.error();
  std::promise<caf::expected<std::shared_ptr<void>>> context;
  http::call_info call{"127.0.0.1", true, "demo-data"};
  services.contexts(call, admin->tokens.access_token, [&](caf::expected<std::shared_ptr<void>> c) {
    context.set_value(std::move(c));
  });
  auto ctx = context.get_future().get();
  if (ctx) // rate limits are for clients, not for this loader
    static_cast<api::request_context*>(ctx->get())->throttle = {};
  return ctx;
}

// Renders the product's garment, processes it like an upload and stores it (identical images
// are stored once).
auto garment_images(std::shared_ptr<media::library> library, std::string owner) {
  return [library, owner](const demo_product& p) -> caf::expected<std::string> {
    media::garment_spec spec;
    spec.kind = p.garment;
    spec.colour = {uint8_t(p.rgb >> 16), uint8_t(p.rgb >> 8), uint8_t(p.rgb)};
    spec.pattern = p.pattern;
    spec.width = 600;
    spec.height = 750;
    auto bytes = media::render_garment(spec);
    if (!bytes)
      return bytes.error();
    auto processed = media::process_upload(*bytes);
    if (!processed)
      return processed.error();
    auto added = library->add(*processed, owner, media::media_purpose::product);
    if (!added)
      return added.error();
    return added->info.id;
  };
}

void load_demo_catalog(api_services& services, std::shared_ptr<const graphql::engine> engine,
                       size_t products, const std::string& admin_id) {
  auto admin = admin_context(services);
  if (!admin)
    return log(log_level::warn, "demo catalog not loaded", {{"error", message_of(admin.error())}});
  demo_catalog_deps deps{std::move(engine), std::move(*admin), services.catalog.catalog,
                         garment_images(services.media, admin_id)};
  if (auto err = app::load_demo_catalog(deps, products))
    log(log_level::warn, "demo catalog not loaded", {{"error", message_of(err)}});
}

} // namespace

void load_demo_data(api_services& services, std::shared_ptr<const graphql::engine> engine,
                    size_t products) {
  auto& identity = *services.identity;
  auto admin = identity.bootstrap_admin(demo_admin_email, demo_admin_password, "Demo Admin");
  if (!admin)
    log(log_level::warn, "demo admin not created", {{"error", message_of(admin.error())}});
  load_demo_shopper(identity);
  if (admin && products > 0)
    load_demo_catalog(services, std::move(engine), products, admin->user_id());
  log(log_level::info, "demo data loaded",
      {{"admin", demo_admin_email}, {"shopper", demo_shopper_email},
       {"passwords", "see README (demo only)"}});
}

} // namespace colors::app
