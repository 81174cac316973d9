#pragma once
#include <chrono>
#include <cstdint>

namespace colors {

// Wall-clock Unix milliseconds (event timestamps, expiries).
inline int64_t unix_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace colors
