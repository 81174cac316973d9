#pragma once
// When the runner next asks Kling about a task (pure). Callbacks usually say first; polls are
// the safety net for a lost callback. While callbacks keep arriving a poll only has to catch
// the rare lost one, so it waits `quiet`: with 10,000 tasks in flight, polling each every few
// seconds cost the server (and Kling) more CPU than everything else the tasks need.
//
// Thread-safety: plain values and pure functions.
#include <caf/timespan.hpp>
#include <caf/timestamp.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace colors::tryon {

struct poll_plan {
  caf::timespan first = std::chrono::seconds{3}; // backing off from here while no callbacks come
  caf::timespan max = std::chrono::seconds{30};
  caf::timespan quiet = std::chrono::seconds{120}; // while callbacks arrive
};

// The delay before poll number `polls` (0: the first) of a task, without jitter.
caf::timespan poll_delay(const poll_plan& plan, uint32_t polls, bool callbacks_arrive);

// Whether callbacks arrive: one came within the last `plan.quiet` (`last` and `now` from one
// clock). A stretch without any falls back to backing-off polls.
bool callbacks_arrive(const poll_plan& plan, std::optional<caf::timestamp> last, caf::timestamp now);

} // namespace colors::tryon
