#include "http/session_registry.hpp"

namespace colors::http {

void session_registry::add(const std::shared_ptr<connection>& c) {
  std::lock_guard guard{mutex_};
  sessions_.emplace(c.get(), c);
}

void session_registry::remove(const connection* c) {
  std::lock_guard guard{mutex_};
  sessions_.erase(c);
  if (sessions_.empty())
    empty_.notify_all();
}

std::vector<std::shared_ptr<connection>> session_registry::live() const {
  std::vector<std::shared_ptr<connection>> out;
  std::lock_guard guard{mutex_};
  for (const auto& [ptr, weak] : sessions_)
    if (auto s = weak.lock())
      out.push_back(std::move(s));
  return out;
}

size_t session_registry::size() const {
  std::lock_guard guard{mutex_};
  return sessions_.size();
}

bool session_registry::wait_empty(std::chrono::milliseconds timeout) {
  std::unique_lock lock{mutex_};
  return empty_.wait_for(lock, timeout, [this] { return sessions_.empty(); });
}

} // namespace colors::http
