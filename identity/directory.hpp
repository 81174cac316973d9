#pragma once
// What every authenticated request needs to know about its user, in memory: the token epoch
// (access tokens of an older epoch are void), whether the account is erased, and the roles.
//
// It is a cache of the user entities' state: every reply of a user entity that the identity
// service sees updates it (newest revision wins), and a miss is filled by asking the entity.
// So a role revocation, a logout everywhere or an erasure takes effect on the next request,
// without a token check ever waiting on an actor in the common case.
//
// Thread-safety: every member may be called from any thread (shared lock for reads).
#include "schemas/events.pb.h"

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace colors::identity {

struct auth_facts {
  uint64_t revision = 0;
  uint64_t epoch = 0;
  bool registered = false;
  bool erased = false;
  std::vector<events::UserRole> roles;

  bool has_role(std::string_view role) const;
  bool administers(std::string_view brand_id) const;
};

class auth_directory {
public:
  explicit auth_directory(size_t capacity = 1'000'000) : capacity_(capacity) {}

  std::shared_ptr<const auth_facts> find(const std::string& user_id) const;
  // Keeps the facts of `s` unless newer ones are known.
  std::shared_ptr<const auth_facts> update(const events::UserState& s);
  size_t size() const;

private:
  size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const auth_facts>> facts_;
};

// Who is calling: null for an anonymous request.
struct principal {
  std::string user_id;
  std::shared_ptr<const auth_facts> facts;

  bool has_role(std::string_view role) const { return facts && facts->has_role(role); }
  bool administers(std::string_view brand_id) const { return facts && facts->administers(brand_id); }
};

} // namespace colors::identity
