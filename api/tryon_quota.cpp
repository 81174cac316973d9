#include "api/tryon_quota.hpp"

namespace colors::api {

// The held tasks the read model does not show yet. Those it shows are counted by it: they are
// dropped here, so only the holds at the limit pay for asking.
size_t tryon_quota::unlisted(held_tasks& held, const listed_tasks& listed) {
  for (auto it = held.begin(); it != held.end();)
    it = listed.shows(it->first) ? held.erase(it) : std::next(it);
  return held.size();
}

std::shared_ptr<void> tryon_quota::hold(const std::string& user_id, const std::string& task_id,
                                        const listed_tasks& listed) {
  std::lock_guard guard{mutex_};
  auto& held = held_[user_id];
  auto in_use = listed.count();
  // Held tasks counted as unlisted may be listed by now: ask only when that decides it.
  if (!held.count(task_id) && in_use + held.size() >= per_day_
      && in_use + unlisted(held, listed) >= per_day_) {
    if (held.empty())
      held_.erase(user_id);
    return nullptr;
  }
  ++held[task_id];
  return std::shared_ptr<void>(this, [self = shared_from_this(), user_id, task_id](void*) {
    self->release(user_id, task_id);
  });
}

void tryon_quota::release(const std::string& user_id, const std::string& task_id) {
  std::lock_guard guard{mutex_};
  auto user = held_.find(user_id);
  if (user == held_.end())
    return;
  auto task = user->second.find(task_id);
  if (task != user->second.end() && --task->second == 0)
    user->second.erase(task);
  if (user->second.empty())
    held_.erase(user);
}

} // namespace colors::api
