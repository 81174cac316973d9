#pragma once
// Recency order of a set of ids: O(1) touch, erase and least-recent lookup.
// Not thread-safe; owned by one actor.
#include <list>
#include <string>
#include <unordered_map>

namespace colors::actors {

class lru_index {
public:
  // Marks `id` as the most recently used, adding it if new.
  void touch(const std::string& id);
  void erase(const std::string& id);
  // The least recently used id; the index must not be empty.
  const std::string& least_recent() const { return order_.back(); }
  size_t size() const { return where_.size(); }

private:
  std::list<std::string> order_; // front: most recent
  std::unordered_map<std::string, std::list<std::string>::iterator> where_;
};

} // namespace colors::actors
