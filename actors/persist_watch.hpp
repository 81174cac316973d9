#pragma once
// The deadlines of the appends entities have in flight, checked by their registry's periodic
// tick (registry.hpp) instead of a CAF request timeout per append. A CAF 0.17 request timeout
// is an event for the clock thread when set and another when the reply cancels it, so every
// persist woke that thread twice: entity_commands ran at 0.36-0.51 of the raw append rate with
// them and 0.52-0.67 without (bench/entities_bench.cpp, same machine, same day).
//
// An entity begins a ticket when it sends an append and ends it when the append is answered
// or the entity stops; the registry takes the tickets past their deadline and tells each
// entity, which then treats the append's outcome as unknown (entity.hpp). A stuck append is
// therefore noticed between `timeout` and 1.5 x `timeout` after it was sent.
//
// Thread-safety: every member may be called from any thread (one mutex, held for O(1) work
// per call, amortized).
#include <caf/actor.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace colors::actors {

class persist_watch {
public:
  using clock = std::chrono::steady_clock; // CAF 0.17's actor_clock::clock_type
  struct overdue_append {
    caf::actor entity;
    uint64_t ticket = 0;
  };

  // Tickets start at 1, so 0 can mean "none". Times come from the actors' clock
  // (`self->clock().now()`), so CAF's test scheduler can move them.
  uint64_t begin(caf::actor entity, clock::time_point deadline);
  void end(uint64_t ticket);
  // Removes and returns the tickets whose deadline is at or before `now`.
  std::vector<overdue_append> take_overdue(clock::time_point now);
  size_t in_flight() const;

private:
  struct entry {
    clock::time_point deadline;
    caf::actor entity; // null once ended
  };
  void drop_ended_front();

  mutable std::mutex mutex_;
  // Tickets first_ticket_, first_ticket_ + 1, ...: begun in order, so with one timeout their
  // deadlines are in order too (a shorter timeout only makes one wait behind a longer one).
  std::deque<entry> entries_;
  uint64_t first_ticket_ = 1;
  size_t open_ = 0;
};

} // namespace colors::actors
