#include "api/tryon_quota.hpp"

namespace colors::api {

// Whether `task_id` fits: it is held or listed already (one task), or the listed tasks plus the
// held ones not listed yet are under the quota. Held tasks the read model lists are dropped here:
// it counts them.
bool tryon_quota::has_room(held_tasks& held, const std::string& task_id, const read_listed& read) {
  if (held.count(task_id))
    return true;
  std::vector<std::string> asked{task_id};
  for (const auto& [id, holds] : held)
    asked.push_back(id);
  auto listed = read(asked);
  bool listed_already = false;
  for (const auto& id : listed.shown) {
    listed_already = listed_already || id == task_id;
    held.erase(id);
  }
  return listed_already || listed.count + held.size() < per_day_;
}

std::shared_ptr<void> tryon_quota::hold(const std::string& user_id, const std::string& task_id,
                                        const read_listed& read) {
  std::lock_guard guard{mutex_};
  auto& held = held_[user_id];
  if (!has_room(held, task_id, read)) {
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
