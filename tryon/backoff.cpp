#include "tryon/backoff.hpp"

#include <algorithm>

namespace colors::tryon {

std::chrono::milliseconds backoff_ceiling(int failures, std::chrono::milliseconds initial,
                                          std::chrono::milliseconds max) {
  auto delay = std::max(initial, std::chrono::milliseconds{0});
  for (int i = 0; i < failures && delay < max; ++i) // doubling, without overflow
    delay *= 2;
  return std::min(delay, max);
}

std::chrono::milliseconds full_jitter(int failures, std::chrono::milliseconds initial,
                                      std::chrono::milliseconds max, double unit) {
  auto ceiling = backoff_ceiling(failures, initial, max);
  auto drawn = static_cast<double>(ceiling.count()) * std::clamp(unit, 0.0, 1.0);
  return std::chrono::milliseconds{static_cast<int64_t>(drawn)};
}

std::chrono::milliseconds pause_jitter(int failures, std::chrono::milliseconds initial,
                                       std::chrono::milliseconds max, double unit) {
  auto ceiling = backoff_ceiling(failures, initial, max);
  auto extra = static_cast<double>(ceiling.count()) * std::clamp(unit, 0.0, 1.0) / 4;
  return ceiling + std::chrono::milliseconds{static_cast<int64_t>(extra)};
}

} // namespace colors::tryon
