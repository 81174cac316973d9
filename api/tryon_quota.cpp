#include "api/tryon_quota.hpp"

namespace colors::api {

std::shared_ptr<void> tryon_quota::hold(const std::string& user_id,
                                        const std::function<size_t()>& listed) {
  std::lock_guard guard{mutex_};
  // Counted under the lock: a task the read model starts showing meanwhile is counted twice
  // until its hold is given back, never zero times.
  auto& held = held_[user_id];
  if (listed() + held >= per_day_) {
    if (held == 0)
      held_.erase(user_id);
    return nullptr;
  }
  ++held;
  return std::shared_ptr<void>(this, [self = shared_from_this(), user_id](void*) { self->release(user_id); });
}

void tryon_quota::release(const std::string& user_id) {
  std::lock_guard guard{mutex_};
  auto it = held_.find(user_id);
  if (it != held_.end() && --it->second == 0)
    held_.erase(it);
}

} // namespace colors::api
