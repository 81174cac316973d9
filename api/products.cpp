#include "api/products.hpp"

#include "api/guard.hpp"

#include "actors/ask.hpp"
#include "actors/atoms.hpp"
#include "common/clock.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"
#include "domain/product.hpp"

namespace colors::api {

namespace json = boost::json;
using events::ProductState;
using graphql::resolve_done;
using graphql::resolve_info;

namespace {

json::object product_json(const ProductState& s) {
  const auto& f = s.fields();
  json::array tags;
  for (const auto& t : f.tags())
    tags.emplace_back(t);
  auto optional = [](const std::string& v) { return v.empty() ? json::value(nullptr) : json::value(v); };
  return {{"__typename", "Product"},
          {"id", s.product_id()},
          {"name", f.name()},
          {"brandId", s.brand_id()},
          {"status", s.status()},
          {"category", optional(f.category())},
          {"colour", optional(f.colour())},
          {"tags", std::move(tags)},
          {"createdAt", rfc3339(s.created_at())},
          {"updatedAt", rfc3339(s.updated_at())},
          {"brand", nullptr},
          {"description", optional(f.description())},
          {"price", json::object{{"amountMinor", f.price_minor()}, {"currency", f.currency()}}},
          {"images", json::array{}},
          {"imageUrl", nullptr},
          {"rating", nullptr},
          {"tryOnEnabled", false}};
}

// A shopper sees published products only; the brand's admins and platform admins see all.
bool visible_to(const ProductState& s, const request_context& ctx) {
  if (!s.exists())
    return false;
  if (s.status() == "ACTIVE")
    return true;
  return !identity::authorize(ctx.caller(), "Mutation.updateProduct", {{}, s.brand_id()});
}

void fetch(const product_api& api, const std::string& id, identity::done_fn<ProductState> done) {
  actors::ask<ProductState>(*api.sys, api.products, api.timeout, std::move(done),
                            actors::query_atom::value, id);
}

void command(const product_api& api, const std::string& id, events::ProductCommand cmd,
             identity::done_fn<ProductState> done) {
  actors::ask<ProductState>(*api.sys, api.products, api.timeout, std::move(done),
                            actors::command_atom::value, id, std::move(cmd));
}

events::ProductFields fields_of(const json::object& in) {
  events::ProductFields f;
  auto text = [&](const char* key) {
    auto* v = in.if_contains(key);
    return v && v->is_string() ? std::string{v->as_string()} : std::string{};
  };
  f.set_name(text("name"));
  f.set_description(text("description"));
  f.set_category(text("category"));
  f.set_colour(text("colour"));
  const auto& price = in.at("price").as_object();
  f.set_price_minor(price.at("amountMinor").as_int64());
  f.set_currency(std::string{price.at("currency").as_string()});
  if (auto* tags = in.if_contains("tags"); tags && tags->is_array())
    for (const auto& t : tags->as_array())
      f.add_tags(std::string{t.as_string()});
  return f;
}

auto render_payload() {
  return [](const ProductState& s) {
    return json::object{{"product", product_json(s)}, {"userErrors", json::array{}}};
  };
}

// Loads the product, checks that the caller administers its brand, then sends `cmd`.
void change(const product_api& api, const resolve_info& info, const request_context& ctx,
            events::ProductCommand cmd, resolve_done done) {
  auto id = arg_string(info, "id");
  auto who = ctx.who;
  fetch(api, id, [api, id, who, cmd = std::move(cmd), done](caf::expected<ProductState> s) mutable {
    auto payload = to_payload<ProductState>(done, "product", render_payload());
    if (!s)
      return done(s.error());
    if (!s->exists())
      return payload(make_error(errc::not_found, "No such product."));
    if (auto err = identity::authorize(who ? &*who : nullptr, "Mutation.updateProduct",
                                       {{}, s->brand_id()}))
      return done(err);
    command(api, id, std::move(cmd), std::move(payload));
  });
}

// The brand is known only once the product is loaded (`change` checks it): up front, only a
// signed-in caller within the mutation rate limit gets that far.
template <class F>
graphql::resolver signed_in_mutation(std::string operation, F body) {
  return [operation = std::move(operation), body](const resolve_info& info, resolve_done done) {
    const auto& ctx = context_of(info);
    if (!ctx.who)
      return done(make_error(errc::unauthenticated, "Sign in to do this."));
    if (auto err = throttle_mutation(ctx, operation))
      return done(err);
    body(info, ctx, std::move(done));
  };
}

void add_queries(graphql::resolver_map& r, product_api api) {
  r.add("Query", "product", guarded("Query.product", [api](const resolve_info& info, const request_context& ctx, resolve_done done) {
    auto who = ctx;
    fetch(api, arg_string(info, "id"), [who, done](caf::expected<ProductState> s) {
      if (!s)
        return done(s.error());
      done(visible_to(*s, who) ? json::value(product_json(*s)) : json::value(nullptr));
    });
  }));
}

void add_mutations(graphql::resolver_map& r, product_api api) {
  r.add("Mutation", "createProduct", [api](const resolve_info& info, resolve_done done) {
    const auto& ctx = context_of(info);
    const auto& in = info.args.at("input").as_object();
    auto brand = std::string{in.at("brandId").as_string()};
    if (auto err = identity::authorize(ctx.caller(), "Mutation.createProduct", {{}, brand}))
      return done(err);
    if (auto err = throttle_mutation(ctx, "Mutation.createProduct"))
      return done(err);
    auto id = uuid_to_string(new_uuid());
    events::ProductCommand cmd;
    cmd.set_now(unix_millis());
    auto* c = cmd.mutable_create();
    c->set_product_id(id);
    c->set_brand_id(brand);
    *c->mutable_fields() = fields_of(in.at("product").as_object());
    c->set_by(ctx.who->user_id);
    command(api, id, std::move(cmd), to_payload<ProductState>(std::move(done), "product", render_payload()));
  });
  r.add("Mutation", "updateProduct", signed_in_mutation("Mutation.updateProduct", [api](const resolve_info& info, const request_context& ctx, resolve_done done) {
    events::ProductCommand cmd;
    cmd.set_now(unix_millis());
    *cmd.mutable_change()->mutable_fields() = fields_of(info.args.at("input").as_object());
    cmd.mutable_change()->set_by(ctx.who->user_id);
    change(api, info, ctx, std::move(cmd), std::move(done));
  }));
  r.add("Mutation", "setProductStatus", signed_in_mutation("Mutation.setProductStatus", [api](const resolve_info& info, const request_context& ctx, resolve_done done) {
    events::ProductCommand cmd;
    cmd.set_now(unix_millis());
    cmd.mutable_set_status()->set_status(arg_string(info, "status"));
    cmd.mutable_set_status()->set_by(ctx.who->user_id);
    change(api, info, ctx, std::move(cmd), std::move(done));
  }));
}

} // namespace

void add_product_resolvers(graphql::resolver_map& resolvers, product_api api) {
  add_queries(resolvers, api);
  add_mutations(resolvers, api);
}

http::live_source product_updates(product_api api) {
  http::live_source s;
  s.topic = [](const json::object& args, const std::shared_ptr<void>&) -> caf::expected<std::string> {
    auto id = std::string{args.at("id").as_string()};
    if (!uuid_from_string(id))
      return make_error(errc::invalid_argument, "No product has the id " + id + ".");
    return "product-" + id;
  };
  s.current = [api](const std::string& topic, const events::envelope*, resolve_done done) {
    fetch(api, topic.substr(8), [done](caf::expected<ProductState> st) {
      if (!st)
        return done(st.error());
      if (!st->exists() || st->status() != "ACTIVE")
        return done(make_error(errc::not_found, "No such product."));
      done(json::value(product_json(*st)));
    });
  };
  return s;
}

} // namespace colors::api
