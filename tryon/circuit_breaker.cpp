#include "tryon/circuit_breaker.hpp"

#include <algorithm>

namespace colors::tryon {

std::string_view to_string(circuit_state s) {
  switch (s) {
    case circuit_state::closed:
      return "closed";
    case circuit_state::open:
      return "open";
    case circuit_state::half_open:
      return "half_open";
  }
  return "closed";
}

circuit_breaker::circuit_breaker(int threshold, std::chrono::milliseconds open_for)
  : threshold_{std::max(threshold, 1)}, open_for_{open_for} {}

bool circuit_breaker::allow(time_point now) {
  if (!open_)
    return true;
  if (now < reopens_at_ || trial_out_)
    return false;
  trial_out_ = true;
  return true;
}

void circuit_breaker::on_success() {
  failures_ = 0;
  open_ = false;
  trial_out_ = false;
}

void circuit_breaker::on_failure(time_point now) {
  // A late failure of a call let through before the circuit opened must not extend the wait.
  if (open_ && !trial_out_)
    return;
  trial_out_ = false;
  if (open_ || ++failures_ >= threshold_) {
    open_ = true;
    reopens_at_ = now + open_for_;
  }
}

circuit_state circuit_breaker::state(time_point now) const {
  if (!open_)
    return circuit_state::closed;
  return now < reopens_at_ ? circuit_state::open : circuit_state::half_open;
}

} // namespace colors::tryon
