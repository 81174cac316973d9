#pragma once
// The writer's memory of stream heads (current versions). Since the layout keeps no per-stream
// head record (docs/event-store.md), a head is the newest key of the stream's `streams` index;
// this cache spares the writer that reverse seek for streams it appended to recently.
//
// Bounded LRU: a long-running writer touching millions of streams keeps the recent ones.
// Not thread-safe: the writer thread owns it.
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace colors::events {

class head_cache {
public:
  explicit head_cache(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // The cached head, refreshed as most recently used.
  std::optional<uint64_t> find(std::string_view stream) {
    auto it = index_.find(stream);
    if (it == index_.end())
      return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }

  void put(std::string_view stream, uint64_t version) {
    if (auto it = index_.find(stream); it != index_.end()) {
      it->second->second = version;
      order_.splice(order_.begin(), order_, it->second);
      return;
    }
    if (index_.size() >= capacity_)
      evict_oldest();
    order_.emplace_front(std::string{stream}, version);
    index_.emplace(std::string_view{order_.front().first}, order_.begin());
  }

  size_t size() const { return index_.size(); }

private:
  using entry = std::pair<std::string, uint64_t>;
  struct view_hash {
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  void evict_oldest() {
    index_.erase(std::string_view{order_.back().first});
    order_.pop_back();
  }

  size_t capacity_;
  std::list<entry> order_; // most recently used first; owns the stream ids
  std::unordered_map<std::string_view, std::list<entry>::iterator, view_hash> index_;
};

} // namespace colors::events
