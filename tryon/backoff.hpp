#pragma once
// Retry delays for the Kling client. Pure: the caller passes the random draw, so tests pin it.
// Thread-safe.
#include <chrono>

namespace colors::tryon {

// min(max, initial * 2^failures): the ceiling after `failures` failures in a row (0-based).
std::chrono::milliseconds backoff_ceiling(int failures, std::chrono::milliseconds initial,
                                          std::chrono::milliseconds max);

// "Full jitter": uniform in [0, ceiling] for `unit` in [0, 1). Spreads the retries of many
// clients that failed together, so they do not come back in lockstep.
std::chrono::milliseconds full_jitter(int failures, std::chrono::milliseconds initial,
                                      std::chrono::milliseconds max, double unit);

// The pause after a 1303 (concurrency limit): never shorter than the ceiling, up to a quarter
// more. Kling asks for at least a second before trying again; zero would hammer it.
std::chrono::milliseconds pause_jitter(int failures, std::chrono::milliseconds initial,
                                       std::chrono::milliseconds max, double unit);

} // namespace colors::tryon
