#include "actors/lru_index.hpp"

namespace colors::actors {

void lru_index::touch(std::string_view id, time_point now) {
  auto i = where_.find(id);
  if (i != where_.end()) {
    i->second->used = now;
    order_.splice(order_.begin(), order_, i->second);
    return;
  }
  order_.push_front(item{id, now});
  where_.emplace(id, order_.begin());
}

void lru_index::erase(std::string_view id) {
  auto i = where_.find(id);
  if (i == where_.end())
    return;
  order_.erase(i->second);
  where_.erase(i);
}

} // namespace colors::actors
