#pragma once
// Recency order of a set of ids with their last-use times: O(1) touch, erase and oldest lookup.
// The index does not copy ids: it holds views, and the caller keeps each id's characters alive
// (e.g. as the key of a node-based map) while the id is in the index. One index entry per active
// entity, so it stays small.
// Not thread-safe; owned by one actor.
#include <caf/actor_clock.hpp>

#include <list>
#include <string_view>
#include <unordered_map>

namespace colors::actors {

class lru_index {
public:
  using time_point = caf::actor_clock::time_point;
  struct item {
    std::string_view id;
    time_point used;
  };

  // Marks `id` as used at `now` (the most recent), adding it if new.
  void touch(std::string_view id, time_point now);
  void erase(std::string_view id);
  // The least recently used; the index must not be empty.
  const item& oldest() const { return order_.back(); }
  bool empty() const { return where_.empty(); }
  size_t size() const { return where_.size(); }

private:
  std::list<item> order_; // front: most recent
  std::unordered_map<std::string_view, std::list<item>::iterator> where_;
};

} // namespace colors::actors
