// Variants and stock: addVariant, removeVariant, adjustStock, reserveStock, endReservation.
// Each is a command to the product entity, which applies them one at a time, so concurrent
// reservations can never take availability below zero.
#include "api/product_commands.hpp"

#include "common/ids.hpp"

namespace colors::api {

namespace {

using graphql::resolve_done;
using graphql::resolve_info;
namespace json = boost::json;

// A mutation whose command `build` fills in; it returns the id of the product to change.
template <class Build>
graphql::resolver product_mutation(const catalog_api& api, std::string operation, Build build) {
  return signed_in_mutation(operation, [api, build](const resolve_info& info, const request_context& ctx, resolve_done done) {
    auto cmd = product_command();
    auto product_id = build(info, ctx.who->user_id, cmd);
    change_product(api, product_id, ctx, std::move(cmd), std::move(done));
  });
}

std::string add_variant(const resolve_info& info, const std::string& by, events::ProductCommand& cmd) {
  const auto& in = info.args.at("input").as_object();
  auto* v = cmd.mutable_add_variant()->mutable_variant();
  v->set_variant_id(uuid_to_string(new_uuid()));
  v->set_sku(text_of(in, "sku"));
  v->set_size(text_of(in, "size"));
  v->set_colour(text_of(in, "colour"));
  cmd.mutable_add_variant()->set_by(by);
  return arg_string(info, "productId");
}

std::string remove_variant(const resolve_info& info, const std::string& by, events::ProductCommand& cmd) {
  cmd.mutable_remove_variant()->set_variant_id(arg_string(info, "variantId"));
  cmd.mutable_remove_variant()->set_by(by);
  return arg_string(info, "productId");
}

std::string adjust_stock(const resolve_info& info, const std::string& by, events::ProductCommand& cmd) {
  const auto& in = info.args.at("input").as_object();
  auto* a = cmd.mutable_adjust_stock();
  a->set_variant_id(text_of(in, "variantId"));
  a->set_delta(in.at("delta").as_int64());
  a->set_idempotency_key(text_of(in, "idempotencyKey"));
  a->set_reason(text_of(in, "reason"));
  a->set_by(by);
  return text_of(in, "productId");
}

std::string reserve_stock(const resolve_info& info, const std::string& by, events::ProductCommand& cmd) {
  const auto& in = info.args.at("input").as_object();
  auto* r = cmd.mutable_reserve_stock();
  r->set_reservation_id(text_of(in, "reservationId"));
  r->set_variant_id(text_of(in, "variantId"));
  r->set_quantity(in.at("quantity").as_int64());
  r->set_by(by);
  return text_of(in, "productId");
}

std::string end_reservation(const resolve_info& info, const std::string& by, events::ProductCommand& cmd) {
  auto* e = cmd.mutable_end_reservation();
  e->set_reservation_id(arg_string(info, "reservationId"));
  auto* sold = info.args.if_contains("sold");
  e->set_sold(sold && sold->is_bool() && sold->as_bool());
  e->set_by(by);
  return arg_string(info, "productId");
}

} // namespace

void add_inventory_resolvers(graphql::resolver_map& r, catalog_api api) {
  r.add("Mutation", "addVariant", product_mutation(api, "Mutation.addVariant", add_variant));
  r.add("Mutation", "removeVariant", product_mutation(api, "Mutation.removeVariant", remove_variant));
  r.add("Mutation", "adjustStock", product_mutation(api, "Mutation.adjustStock", adjust_stock));
  r.add("Mutation", "reserveStock", product_mutation(api, "Mutation.reserveStock", reserve_stock));
  r.add("Mutation", "endReservation", product_mutation(api, "Mutation.endReservation", end_reservation));
}

} // namespace colors::api
