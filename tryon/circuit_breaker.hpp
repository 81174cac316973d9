#pragma once
// A circuit breaker over explicit time: `threshold` server-side failures in a row open it; while
// open every call is refused; after `open_for` it is half-open and lets exactly one trial call
// through, whose success closes it and whose failure opens it again. Any answer from the server
// that is not a server-side failure (a 4xx, a 1303) counts as success: the server is answering.
//
// Thread-safety: none; one owner (the Kling client's thread).
#include <chrono>
#include <string_view>

namespace colors::tryon {

enum class circuit_state { closed, open, half_open };

std::string_view to_string(circuit_state s); // "closed", "open", "half_open"

class circuit_breaker {
public:
  using time_point = std::chrono::steady_clock::time_point;

  circuit_breaker(int threshold, std::chrono::milliseconds open_for);

  // Whether a call may go out now. In half-open, true once (the trial) until it reports.
  // Every call let through must report exactly one on_success or on_failure.
  [[nodiscard]] bool allow(time_point now);
  void on_success();
  void on_failure(time_point now);

  circuit_state state(time_point now) const;
  // When an open circuit turns half-open (meaningless otherwise).
  time_point reopens_at() const { return reopens_at_; }

private:
  int threshold_;
  std::chrono::milliseconds open_for_;
  int failures_ = 0;
  bool open_ = false;
  bool trial_out_ = false;
  time_point reopens_at_{};
};

} // namespace colors::tryon
