#pragma once
// Talking to product entities from resolvers: reading one, sending a command, and the brand
// admin's check in front of every change. Internal to api/.
#include "api/guard.hpp"
#include "api/products.hpp"

#include "common/errc.hpp"
#include "identity/service.hpp"

namespace colors::api {

void fetch_product(const catalog_api& api, const std::string& id,
                   identity::done_fn<events::ProductState> done);

void command_product(const catalog_api& api, const std::string& id, events::ProductCommand cmd,
                     identity::done_fn<events::ProductState> done);

// Whether the caller may see and change the products of `brand_id`.
bool manages_brand(const request_context& ctx, const std::string& brand_id);

// Loads product `id`, checks that the caller administers its brand, then sends `cmd`; the
// product after it (or why not) is rendered as a ProductPayload.
void change_product(const catalog_api& api, const std::string& id, const request_context& ctx,
                    events::ProductCommand cmd, graphql::resolve_done done);

// A resolver for a signed-in caller within the mutation rate limit; the brand is known only
// once the product is loaded, so `change_product` checks the permission.
template <class F>
graphql::resolver signed_in_mutation(std::string operation, F body) {
  return [operation = std::move(operation), body](const graphql::resolve_info& info,
                                                  graphql::resolve_done done) {
    const auto& ctx = context_of(info);
    if (!ctx.who)
      return done(make_error(errc::unauthenticated, "Sign in to do this."));
    if (auto err = throttle_mutation(ctx, operation))
      return done(err);
    body(info, ctx, std::move(done));
  };
}

// A new command stamped with the time now.
events::ProductCommand product_command();

} // namespace colors::api
