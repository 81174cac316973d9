#include "identity/policy.hpp"

#include "common/errc.hpp"

namespace colors::identity {

const std::map<std::string, audience, std::less<>>& permission_table() {
  using enum audience;
  static const std::map<std::string, audience, std::less<>> table{
    // Accounts and sessions.
    {"Mutation.register", anyone},
    {"Mutation.login", anyone},
    {"Mutation.refreshToken", anyone},
    {"Mutation.verifyEmail", anyone},
    {"Mutation.requestPasswordReset", anyone},
    {"Mutation.resetPassword", anyone},
    {"Mutation.logout", signed_in},
    {"Mutation.logoutAll", signed_in},
    {"Mutation.resendVerification", signed_in},
    {"Mutation.changePassword", signed_in},
    {"Mutation.updateProfile", signed_in},
    {"Mutation.deleteMyAccount", signed_in},
    {"Query.me", signed_in},
    {"Query.exportMyData", signed_in},
    // Administration.
    {"Mutation.grantRole", platform_admin},
    {"Mutation.revokeRole", platform_admin},
    {"Mutation.eraseUser", platform_admin},
    {"Query.user", platform_admin},
    {"Query.outbox", platform_admin},
    {"GET /admin/actors", platform_admin},
    // Images (main/media_routes.hpp): catalog images by the brand's admins, a shopper's own
    // reference photo for try-on by anyone signed in and read back only by them.
    {"POST /uploads (product)", brand_admin},
    {"POST /uploads (reference)", signed_in},
    {"GET /media (reference)", owner_or_admin},
    // Public reads.
    {"Query.health", anyone},
    {"Query.node", anyone},
    {"Query.product", anyone},
    {"Query.products", anyone},
    {"Query.search", anyone},
    {"Query.brands", anyone},
    {"Query.brand", anyone},
    {"Query.categories", anyone},
    {"Query.category", anyone},
    {"Query.collections", anyone},
    {"Query.collection", anyone},
    // Catalog.
    {"Mutation.createProduct", brand_admin},
    {"Mutation.updateProduct", brand_admin},
    {"Mutation.setProductStatus", brand_admin},
    {"Mutation.addVariant", brand_admin},
    {"Mutation.removeVariant", brand_admin},
    {"Mutation.adjustStock", brand_admin},
    {"Mutation.reserveStock", brand_admin},
    {"Mutation.endReservation", brand_admin},
    {"Mutation.createBrand", platform_admin},
    {"Mutation.updateBrand", platform_admin},
    {"Mutation.createCategory", platform_admin},
    {"Mutation.updateCategory", platform_admin},
    {"Mutation.createCollection", platform_admin},
    {"Mutation.updateCollection", platform_admin},
    {"Subscription.productUpdated", anyone},
    // Try-on: a shopper's own tasks.
    {"Query.tryOnTask", owner_or_admin},
    {"Query.tryOnTasks", signed_in},
    {"Mutation.createTryOnTask", signed_in},
    {"Mutation.cancelTryOnTask", owner_or_admin},
    {"Subscription.tryOnTaskUpdated", owner_or_admin},
  };
  return table;
}

namespace {

bool allowed(audience who_may, const principal& p, const resource& res) {
  if (p.has_role("PLATFORM_ADMIN"))
    return true;
  switch (who_may) {
    case audience::anyone:
    case audience::signed_in: return true;
    case audience::owner_or_admin: return !res.owner_id.empty() && res.owner_id == p.user_id;
    case audience::brand_admin: return !res.brand_id.empty() && p.administers(res.brand_id);
    case audience::platform_admin: return false;
  }
  return false;
}

} // namespace

caf::error authorize(const principal* who, std::string_view operation, const resource& res) {
  const auto& table = permission_table();
  auto it = table.find(operation);
  if (it == table.end())
    return make_error(errc::forbidden, "You are not allowed to do this.");
  if (it->second == audience::anyone)
    return {};
  if (!who)
    return make_error(errc::unauthenticated, "Sign in to do this.");
  if (!allowed(it->second, *who, res))
    return make_error(errc::forbidden, "You are not allowed to do this.");
  return {};
}

} // namespace colors::identity
