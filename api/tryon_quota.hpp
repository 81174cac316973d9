#pragma once
// The daily try-on quota, counted exactly also when creates race: the read model counts the
// tasks it shows, and this counts those accepted but not shown yet (a hold per create, from the
// quota check until the read model lists the task or the create fails).
//
// Thread-safety: every member may be called from any thread.
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace colors::api {

class tryon_quota : public std::enable_shared_from_this<tryon_quota> {
public:
  explicit tryon_quota(size_t per_day) : per_day_(per_day) {}

  // A hold on one of the user's try-ons today when `listed()` (the read model's count for the
  // user) plus the user's holds is under the quota, else null. The hold is given back when its
  // last copy is destroyed: keep it until the read model lists the task. A hold keeps the quota
  // alive. The quota must be owned by a shared_ptr.
  std::shared_ptr<void> hold(const std::string& user_id, const std::function<size_t()>& listed);

  size_t per_day() const { return per_day_; }

private:
  void release(const std::string& user_id);

  size_t per_day_;
  std::mutex mutex_;
  std::unordered_map<std::string, size_t> held_;
};

} // namespace colors::api
