#pragma once
// The set of live connections (HTTP sessions and WebSockets), so that the server can drain
// them on stop.
//
// Thread-safety: every member function is safe from any thread (one mutex).
#include "http/connection.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace colors::http {

class session_registry {
public:
  void add(const std::shared_ptr<connection>& c);
  void remove(const connection* c);
  std::vector<std::shared_ptr<connection>> live() const;
  size_t size() const;
  // True when the last session ended before the timeout.
  bool wait_empty(std::chrono::milliseconds timeout);

private:
  mutable std::mutex mutex_;
  std::condition_variable empty_;
  std::unordered_map<const connection*, std::weak_ptr<connection>> sessions_;
};

} // namespace colors::http
