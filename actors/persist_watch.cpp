#include "actors/persist_watch.hpp"

namespace colors::actors {

uint64_t persist_watch::begin(caf::actor entity, clock::time_point deadline) {
  std::lock_guard guard{mutex_};
  entries_.push_back({deadline, std::move(entity)});
  ++open_;
  return first_ticket_ + entries_.size() - 1;
}

void persist_watch::end(uint64_t ticket) {
  std::lock_guard guard{mutex_};
  if (ticket < first_ticket_ || ticket - first_ticket_ >= entries_.size())
    return; // taken as overdue already
  auto& e = entries_[ticket - first_ticket_];
  if (!e.entity)
    return;
  e.entity = nullptr;
  --open_;
  drop_ended_front();
}

std::vector<persist_watch::overdue_append> persist_watch::take_overdue(clock::time_point now) {
  std::lock_guard guard{mutex_};
  std::vector<overdue_append> overdue;
  while (!entries_.empty() && (!entries_.front().entity || entries_.front().deadline <= now)) {
    if (auto& e = entries_.front(); e.entity) {
      overdue.push_back({std::move(e.entity), first_ticket_});
      --open_;
    }
    entries_.pop_front();
    ++first_ticket_;
  }
  return overdue;
}

size_t persist_watch::in_flight() const {
  std::lock_guard guard{mutex_};
  return open_;
}

void persist_watch::drop_ended_front() {
  while (!entries_.empty() && !entries_.front().entity) {
    entries_.pop_front();
    ++first_ticket_;
  }
}

} // namespace colors::actors
