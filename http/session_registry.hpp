#pragma once
// The set of live sessions, so that the server can drain them on stop.
//
// Thread-safety: every member function is safe from any thread (one mutex).
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace colors::http {

class session;

class session_registry {
public:
  void add(const std::shared_ptr<session>& s);
  void remove(const session* s);
  std::vector<std::shared_ptr<session>> live() const;
  size_t size() const;
  // True when the last session ended before the timeout.
  bool wait_empty(std::chrono::milliseconds timeout);

private:
  mutable std::mutex mutex_;
  std::condition_variable empty_;
  std::unordered_map<const session*, std::weak_ptr<session>> sessions_;
};

} // namespace colors::http
