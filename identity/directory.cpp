#include "identity/directory.hpp"

#include <algorithm>
#include <mutex>

namespace colors::identity {

bool auth_facts::has_role(std::string_view role) const {
  return std::any_of(roles.begin(), roles.end(), [&](auto& r) { return r.role() == role; });
}

bool auth_facts::administers(std::string_view brand_id) const {
  for (const auto& r : roles)
    if (r.role() == "BRAND_ADMIN"
        && std::find(r.brand_ids().begin(), r.brand_ids().end(), brand_id) != r.brand_ids().end())
      return true;
  return false;
}

std::shared_ptr<const auth_facts> auth_directory::find(const std::string& user_id) const {
  std::shared_lock lock{mutex_};
  auto it = facts_.find(user_id);
  return it == facts_.end() ? nullptr : it->second;
}

std::shared_ptr<const auth_facts> auth_directory::update(const events::UserState& s) {
  auto facts = std::make_shared<auth_facts>();
  facts->revision = s.revision();
  facts->epoch = s.token_epoch();
  facts->registered = s.registered();
  facts->erased = s.erased();
  facts->roles.assign(s.roles().begin(), s.roles().end());
  std::unique_lock lock{mutex_};
  auto& slot = facts_[s.user_id()];
  if (slot && slot->revision > facts->revision)
    return slot;
  if (!slot && facts_.size() > capacity_)
    facts_.erase(facts_.begin() == facts_.find(s.user_id()) ? std::next(facts_.begin())
                                                            : facts_.begin());
  slot = std::move(facts);
  return slot;
}

size_t auth_directory::size() const {
  std::shared_lock lock{mutex_};
  return facts_.size();
}

} // namespace colors::identity
