#include "main/services.hpp"

#include "actors/registry.hpp"
#include "common/errc.hpp"
#include "api/context.hpp"
#include "domain/catalog_entry.hpp"
#include "domain/product.hpp"
#include "domain/tryon_task.hpp"
#include "domain/user.hpp"
#include "http/errors.hpp"
#include "identity/policy.hpp"
#include "projections/catalog_feed.hpp"
#include "projections/live_feed.hpp"

namespace colors::app {

process_tree::services_fn service_children(std::shared_ptr<actors::store_holder> holder,
                                           read_models models,
                                           std::shared_ptr<const tryon::runner_deps> runner) {
  return [holder, models, runner](caf::actor writer) {
    auto ctx = std::make_shared<actors::entity_context>();
    ctx->db = [holder] { return holder->current(); };
    ctx->writer = writer;
    return std::vector<actors::child_spec>{
      actors::registry_child<domain::user::aggregate>("users", ctx),
      actors::registry_child<domain::product::aggregate>("products", ctx),
      actors::registry_child<domain::catalog_entry::brand>("brands", ctx),
      actors::registry_child<domain::catalog_entry::category>("categories", ctx),
      actors::registry_child<domain::catalog_entry::collection>("collections", ctx),
      actors::registry_child<domain::tryon_task::aggregate>("tryon-tasks", ctx),
      projections::live_feed_child(holder, writer, models.hub,
                                   [tryon = models.tryon](const auto& batch) { tryon->apply(batch); }),
      projections::catalog_feed_child(holder, writer, models.catalog),
      tryon::task_runner_child(runner)};
  };
}

namespace {

identity::throttle_fn throttle(std::shared_ptr<http::rate_limiter> limiter) {
  return [limiter](std::string_view op_class, const std::string& key)
           -> std::optional<std::chrono::milliseconds> {
    if (!limiter)
      return std::nullopt;
    auto decision = limiter->take(op_class, key);
    if (decision)
      return std::nullopt;
    return decision.retry_after;
  };
}

// No token: an anonymous context. A token: the caller it names, or the reason it is refused.
http::context_factory contexts(std::shared_ptr<identity::service> identity,
                               identity::throttle_fn throttle) {
  return [identity, throttle](const http::call_info& call, std::string_view bearer,
                              http::context_done done) {
    auto ctx = std::make_shared<api::request_context>();
    ctx->client_ip = call.peer_ip;
    ctx->throttle = throttle;
    if (bearer.empty())
      return done(std::shared_ptr<void>(ctx));
    identity->authenticate(bearer, [ctx, done](caf::expected<identity::principal> who) {
      if (!who)
        return done(who.error());
      ctx->who = std::move(*who);
      done(std::shared_ptr<void>(ctx));
    });
  };
}

// A product's image by upload id: only product images (never a shopper's reference photo).
std::function<caf::expected<events::ProductImage>(const std::string&)>
product_images(std::shared_ptr<media::library> media) {
  return [media](const std::string& id) -> caf::expected<events::ProductImage> {
    auto info = media->lookup(id);
    if (!info)
      return info.error();
    if (info->purpose != media::media_purpose::product)
      return make_error(errc::not_found, "no product image has this id");
    events::ProductImage image;
    image.set_media_id(info->id);
    image.set_width(info->width);
    image.set_height(info->height);
    image.set_content_type(info->content_type);
    image.set_try_on_ready(info->try_on_ready);
    return image;
  };
}

api::tryon_api tryon_api_of(const process_tree& tree,
                            std::shared_ptr<projections::tryon_tasks> model,
                            const api_services& services, const options& opts) {
  api::tryon_api out;
  out.tasks = tree.child("tryon-tasks");
  out.model = std::move(model);
  out.media = services.media;
  out.catalog = services.catalog;
  out.quota = std::make_shared<api::tryon_quota>(opts.tryon_daily_quota);
  out.cache_ttl = std::chrono::seconds{opts.tryon_cache_ttl_s};
  out.run = [runner = tree.child("tryon-runner")](const std::string& id) {
    caf::anon_send(runner, tryon::tryon_run_atom::value, id);
  };
  return out;
}

// Reference photos are sealed under their owner's data key: deleting the account shreds them.
media::sealer photo_sealer(std::shared_ptr<identity::service> identity) {
  media::sealer out;
  out.seal = [identity](const std::string& owner, std::string_view field, std::string_view plain) {
    return identity->vault().seal(owner, field, plain);
  };
  out.open = [identity](const std::string& owner, std::string_view field, std::string_view sealed) {
    return identity->vault().open(owner, field, sealed);
  };
  return out;
}

identity::identity_options identity_options_of(const options& opts) {
  identity::identity_options out;
  out.public_url = "http://" + opts.listen;
  return out;
}

} // namespace

api_services start_services(caf::actor_system& sys, const process_tree& tree,
                            std::shared_ptr<actors::store_holder> holder, secrets keys,
                            read_models models, std::shared_ptr<http::rate_limiter> limiter,
                            std::shared_ptr<const tryon::runner_deps> runner, const options& opts) {
  identity::service_deps deps;
  deps.sys = &sys;
  deps.users = tree.child("users");
  deps.writer = tree.writer();
  deps.db = [holder] { return holder->current(); };
  deps.keys = std::move(keys);
  deps.opts = identity_options_of(opts);
  auto limits = throttle(std::move(limiter));
  deps.throttle = limits;
  api_services out;
  out.hub = std::move(models.hub);
  out.identity = identity::service::create(std::move(deps));
  out.contexts = contexts(out.identity, std::move(limits));
  out.media = std::make_shared<media::library>([holder] { return holder->current(); },
                                               photo_sealer(out.identity));
  out.catalog.sys = &sys;
  out.catalog.products = tree.child("products");
  out.catalog.brands = tree.child("brands");
  out.catalog.categories = tree.child("categories");
  out.catalog.collections = tree.child("collections");
  out.catalog.catalog = std::move(models.catalog);
  out.catalog.product_image = product_images(out.media);
  out.tryon = tryon_api_of(tree, models.tryon, out, opts);
  out.tryon_runner = tree.child("tryon-runner");
  runner->links->tasks = out.tryon.tasks;
  runner->links->media = out.media;
  return out;
}

void start_tryon(const api_services& services, const tryon::runner_deps& runner,
                 const options& opts, const std::string& address) {
  auto base = opts.public_url.empty() ? "http://" + address : opts.public_url;
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  runner.links->callback_base = base + "/kling/callback";
  tryon::resume_tasks(services.tryon_runner);
}

admin_guard platform_admins_only(std::shared_ptr<identity::service> identity) {
  return [identity](const http::request& req, const http::call_info&, guard_done done) {
    auto target = std::string_view{req.target().data(), req.target().size()};
    auto operation = std::string{req.method_string()} + " "
                     + std::string{target.substr(0, target.find('?'))};
    auto auth = req[http::bhttp::field::authorization];
    auto bearer = http::bearer_of({auth.data(), auth.size()});
    auto unauthenticated = [](const std::string& why) {
      auto res = http::error_response(http::status::unauthorized, "UNAUTHENTICATED", why);
      res.set(http::bhttp::field::www_authenticate, "Bearer");
      return res;
    };
    if (bearer.empty())
      return done(unauthenticated("Sign in as a platform admin: Authorization: Bearer <token>."));
    identity->authenticate(bearer, [done, operation, unauthenticated](caf::expected<identity::principal> who) {
      if (!who)
        return done(unauthenticated(message_of(who.error())));
      if (auto err = identity::authorize(&*who, operation))
        return done(http::error_response(http::status::forbidden, "FORBIDDEN", message_of(err)));
      done(std::nullopt);
    });
  };
}

} // namespace colors::app
