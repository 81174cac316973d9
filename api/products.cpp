#include "api/products.hpp"

#include "api/catalog_views.hpp"
#include "api/entity_checks.hpp"
#include "api/guard.hpp"
#include "api/product_commands.hpp"

#include "actors/ask.hpp"
#include "actors/atoms.hpp"
#include "common/clock.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"
#include "domain/colour.hpp"
#include "domain/product.hpp"

namespace colors::api {

namespace json = boost::json;
using events::ProductState;
using graphql::resolve_done;
using graphql::resolve_info;

namespace {

// A shopper sees published products only; the brand's admins and platform admins see all.
bool visible_to(const ProductState& s, const request_context& ctx) {
  return s.exists() && (s.status() == "ACTIVE" || manages_brand(ctx, s.brand_id()));
}

caf::error invalid(std::string message) {
  return make_error(errc::invalid_argument, std::move(message));
}

caf::error read_colour(const json::object& in, events::ProductFields& f) {
  auto* colour = in.if_contains("colour");
  if (!colour || !colour->is_object())
    return {};
  f.set_colour(text_of(colour->as_object(), "name"));
  auto hex = text_of(colour->as_object(), "hex");
  if (hex.empty())
    return {};
  auto rgb = domain::colour::from_hex(hex);
  if (!rgb)
    return invalid("A colour's hex value looks like #1f2a44.");
  f.set_has_colour_rgb(true);
  f.set_colour_rgb(*rgb);
  return {};
}

// The images by upload id, with what the media library knows of each.
caf::error read_images(const catalog_api& api, const json::object& in, events::ProductFields& f) {
  auto* ids = in.if_contains("imageIds");
  if (ids && ids->is_array() && !ids->as_array().empty() && !api.product_image)
    return make_error(errc::unavailable, "Image uploads are not available on this server.");
  if (ids && ids->is_array())
    for (const auto& id : ids->as_array()) {
      auto image = api.product_image(std::string{id.as_string()});
      if (!image)
        return code_of(image.error()) == errc::not_found
                 ? invalid("No product image has the id " + std::string{id.as_string()} + ".")
                 : image.error();
      *f.add_images() = std::move(*image);
    }
  f.set_garment_image_id(text_of(in, "garmentImageId"));
  return {};
}

caf::expected<events::ProductFields> fields_of(const catalog_api& api, const json::object& in) {
  events::ProductFields f;
  f.set_name(text_of(in, "name"));
  f.set_description(text_of(in, "description"));
  f.set_category_id(text_of(in, "categoryId"));
  f.set_material(text_of(in, "material"));
  f.set_pattern(text_of(in, "pattern"));
  const auto& price = in.at("price").as_object();
  f.set_price_minor(price.at("amountMinor").as_int64());
  f.set_currency(std::string{price.at("currency").as_string()});
  if (auto* tags = in.if_contains("tags"); tags && tags->is_array())
    for (const auto& t : tags->as_array())
      f.add_tags(std::string{t.as_string()});
  if (auto err = read_colour(in, f))
    return err;
  if (auto err = read_images(api, in, f))
    return err;
  return f;
}

auto payload_for(resolve_done done) {
  return to_payload<ProductState>(std::move(done), "product", [](const ProductState& s) {
    return json::object{{"product", product_json(s, true)}, {"userErrors", json::array{}}};
  });
}

void create_product(const catalog_api& api, const resolve_info& info, resolve_done done) {
  const auto& ctx = context_of(info);
  const auto& in = info.args.at("input").as_object();
  auto brand = std::string{in.at("brandId").as_string()};
  if (auto err = identity::authorize(ctx.caller(), "Mutation.createProduct", {{}, brand}))
    return done(err);
  if (auto err = throttle_mutation(ctx, "Mutation.createProduct"))
    return done(err);
  auto fields = fields_of(api, in.at("product").as_object());
  auto payload = payload_for(done);
  if (!fields)
    return payload(fields.error());
  auto cmd = product_command();
  auto* c = cmd.mutable_create();
  c->set_product_id(uuid_to_string(new_uuid()));
  c->set_brand_id(brand);
  *c->mutable_fields() = std::move(*fields);
  c->set_by(ctx.who->user_id);
  require_entry(api, api.brands, brand, "brand", [api, cmd, payload](caf::error err) {
    if (err)
      return payload(err);
    require_entry(api, api.categories, cmd.create().fields().category_id(), "category",
                  [api, cmd, payload](caf::error err) {
                    if (err)
                      return payload(err);
                    command_product(api, cmd.create().product_id(), cmd, payload);
                  });
  });
}

void update_product(const catalog_api& api, const resolve_info& info, const request_context& ctx,
                    resolve_done done) {
  auto fields = fields_of(api, info.args.at("input").as_object());
  if (!fields)
    return payload_for(done)(fields.error());
  auto cmd = product_command();
  *cmd.mutable_change()->mutable_fields() = std::move(*fields);
  cmd.mutable_change()->set_by(ctx.who->user_id);
  auto id = arg_string(info, "id");
  auto who = ctx;
  require_entry(api, api.categories, cmd.change().fields().category_id(), "category",
                [api, id, who, cmd, done](caf::error err) {
                  if (err)
                    return payload_for(done)(err);
                  change_product(api, id, who, cmd, done);
                });
}

void add_queries(graphql::resolver_map& r, catalog_api api) {
  r.add("Query", "product", guarded("Query.product", [api](const resolve_info& info, const request_context& ctx, resolve_done done) {
    auto who = ctx;
    fetch_product(api, arg_string(info, "id"), [who, done](caf::expected<ProductState> s) {
      if (!s)
        return done(s.error());
      if (!visible_to(*s, who))
        return done(json::value(nullptr));
      done(json::value(product_json(*s, manages_brand(who, s->brand_id()))));
    });
  }));
}

void add_mutations(graphql::resolver_map& r, catalog_api api) {
  r.add("Mutation", "createProduct", [api](const resolve_info& info, resolve_done done) {
    create_product(api, info, std::move(done));
  });
  r.add("Mutation", "updateProduct", signed_in_mutation("Mutation.updateProduct", [api](const resolve_info& info, const request_context& ctx, resolve_done done) {
    update_product(api, info, ctx, std::move(done));
  }));
  r.add("Mutation", "setProductStatus", signed_in_mutation("Mutation.setProductStatus", [api](const resolve_info& info, const request_context& ctx, resolve_done done) {
    auto cmd = product_command();
    cmd.mutable_set_status()->set_status(arg_string(info, "status"));
    cmd.mutable_set_status()->set_by(ctx.who->user_id);
    change_product(api, arg_string(info, "id"), ctx, std::move(cmd), std::move(done));
  }));
}

} // namespace

events::ProductCommand product_command() {
  events::ProductCommand cmd;
  cmd.set_now(unix_millis());
  return cmd;
}

void fetch_product(const catalog_api& api, const std::string& id,
                   identity::done_fn<ProductState> done) {
  actors::ask<ProductState>(*api.sys, api.products, api.timeout, std::move(done),
                            actors::query_atom::value, id);
}

void command_product(const catalog_api& api, const std::string& id, events::ProductCommand cmd,
                     identity::done_fn<ProductState> done) {
  actors::ask<ProductState>(*api.sys, api.products, api.timeout, std::move(done),
                            actors::command_atom::value, id, std::move(cmd));
}

bool manages_brand(const request_context& ctx, const std::string& brand_id) {
  return !identity::authorize(ctx.caller(), "Mutation.updateProduct", {{}, brand_id});
}

void change_product(const catalog_api& api, const std::string& id, const request_context& ctx,
                    events::ProductCommand cmd, resolve_done done) {
  auto who = ctx.who;
  fetch_product(api, id, [api, id, who, cmd = std::move(cmd), done](caf::expected<ProductState> s) mutable {
    auto payload = payload_for(done);
    if (!s)
      return done(s.error());
    if (!s->exists())
      return payload(make_error(errc::not_found, "No such product."));
    if (auto err = identity::authorize(who ? &*who : nullptr, "Mutation.updateProduct",
                                       {{}, s->brand_id()}))
      return done(err);
    command_product(api, id, std::move(cmd), std::move(payload));
  });
}

void add_product_resolvers(graphql::resolver_map& resolvers, catalog_api api) {
  add_queries(resolvers, api);
  add_mutations(resolvers, api);
}

void add_catalog_resolvers(graphql::resolver_map& resolvers, catalog_api api) {
  add_product_resolvers(resolvers, api);
  add_inventory_resolvers(resolvers, api);
  add_catalog_entry_resolvers(resolvers, api);
  add_catalog_search_resolvers(resolvers, api);
}

http::live_source product_updates(catalog_api api) {
  http::live_source s;
  s.topic = [](const json::object& args, const std::shared_ptr<void>&) -> caf::expected<std::string> {
    auto id = std::string{args.at("id").as_string()};
    if (!uuid_from_string(id))
      return make_error(errc::invalid_argument, "No product has the id " + id + ".");
    return "product-" + id;
  };
  s.current = [api](const std::string& topic, const events::envelope*, resolve_done done) {
    fetch_product(api, topic.substr(8), [done](caf::expected<ProductState> st) {
      if (!st)
        return done(st.error());
      if (!st->exists() || st->status() != "ACTIVE")
        return done(make_error(errc::not_found, "No such product."));
      done(json::value(product_json(*st, false)));
    });
  };
  return s;
}

} // namespace colors::api
