#pragma once
// The one permission check. Every resolver and every plain endpoint asks `authorize` with the
// name of what it does ("Mutation.grantRole", "GET /admin/actors") and, where it matters, the
// resource's owner and brand. Deny by default: an operation missing from the table is refused.
//
// Thread-safety: pure; the table is immutable.
#include "identity/directory.hpp"

#include <caf/error.hpp>

#include <map>
#include <string>
#include <string_view>

namespace colors::identity {

enum class audience : uint8_t {
  anyone,          // also anonymous callers
  signed_in,       // any role
  owner_or_admin,  // the resource's owner, or a platform admin
  brand_admin,     // a BRAND_ADMIN of the resource's brand, or a platform admin
  platform_admin,  // PLATFORM_ADMIN only
};

struct resource {
  std::string owner_id; // whose it is, when it belongs to a user
  std::string brand_id; // whose brand, when it belongs to a brand
};

// Operation -> who may do it.
const std::map<std::string, audience, std::less<>>& permission_table();

// No error when allowed; unauthenticated when the operation needs a user and there is none;
// forbidden otherwise (also for an operation the table does not know).
[[nodiscard]] caf::error authorize(const principal* who, std::string_view operation,
                                   const resource& res = {});

} // namespace colors::identity
