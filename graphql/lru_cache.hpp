#pragma once
// A bounded map that forgets the least recently used entry first.
//
// Thread-safety: every member may be called concurrently (one mutex guards the map).
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace colors::graphql {

template <class Value>
class lru_cache {
public:
  explicit lru_cache(std::size_t capacity) : capacity_(capacity) {}

  std::optional<Value> find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end())
      return std::nullopt;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->second;
  }

  void put(const std::string& key, Value value) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (capacity_ == 0)
      return;
    if (auto it = index_.find(key); it != index_.end()) {
      it->second->second = std::move(value);
      lru_.splice(lru_.begin(), lru_, it->second);
      return;
    }
    lru_.emplace_front(key, std::move(value));
    index_[key] = lru_.begin();
    if (lru_.size() > capacity_) {
      index_.erase(lru_.back().first);
      lru_.pop_back();
    }
  }

  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return lru_.size();
  }

private:
  using entry = std::pair<std::string, Value>;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<entry> lru_; // most recent first
  std::unordered_map<std::string, typename std::list<entry>::iterator> index_;
};

} // namespace colors::graphql
