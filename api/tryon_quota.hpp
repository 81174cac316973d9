#pragma once
// The daily try-on quota, counted exactly also when creates race: the read model counts the
// tasks it shows, and this counts those accepted but not shown yet (a hold per create, from the
// quota check until the read model lists the task or the create fails). A held task the read
// model already shows is counted once, by the read model. The read model is asked once per hold,
// for its count and the held tasks it shows at one moment: asked in two reads, a task listed
// between them would be counted by neither.
//
// Thread-safety: every member may be called from any thread.
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace colors::api {

// What the read model shows, read at one moment: how many of the user's tasks today count, and
// which of the task ids it was asked about it lists.
struct listed_tasks {
  size_t count = 0;
  std::vector<std::string> shown;
};
using read_listed = std::function<listed_tasks(const std::vector<std::string>& task_ids)>;

class tryon_quota : public std::enable_shared_from_this<tryon_quota> {
public:
  explicit tryon_quota(size_t per_day) : per_day_(per_day) {}

  // A hold on one of the user's try-ons today for the task `task_id`, when the read model's
  // count plus the held tasks it does not show yet is under the quota; else null. The hold is
  // given back when its last copy is destroyed: keep it until the read model lists the task.
  // Holds of one task id (creates racing with one idempotency key) count once. A hold keeps the
  // quota alive. The quota must be owned by a shared_ptr.
  std::shared_ptr<void> hold(const std::string& user_id, const std::string& task_id,
                             const read_listed& read);

  size_t per_day() const { return per_day_; }

private:
  // task id -> holds of it, of one user.
  using held_tasks = std::unordered_map<std::string, size_t>;

  bool has_room(held_tasks& held, const std::string& task_id, const read_listed& read);
  void release(const std::string& user_id, const std::string& task_id);

  size_t per_day_;
  std::mutex mutex_;
  std::unordered_map<std::string, held_tasks> held_; // by user id
};

} // namespace colors::api
