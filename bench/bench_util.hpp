#pragma once
// Shared helpers of the benchmarks: JSON-line reporting, percentiles, temp dirs, env knobs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/resource.h>

namespace colors::bench {

// One figure as a JSON line. `ratio` is ours relative to the baseline, oriented so that
// higher is better (value/baseline for rates, baseline/value for latencies).
inline void report(const std::string& name, double value, const std::string& unit,
                   double baseline, double ratio) {
  std::printf("{\"name\":\"%s\",\"value\":%.3f,\"unit\":\"%s\",\"baseline\":%.3f,\"ratio\":%.3f}\n",
              name.c_str(), value, unit.c_str(), baseline, ratio);
  std::fflush(stdout);
}

inline double percentile(std::vector<double> xs, double p) {
  if (xs.empty())
    return 0;
  auto k = static_cast<size_t>(p * (xs.size() - 1));
  std::nth_element(xs.begin(), xs.begin() + k, xs.end());
  return xs[k];
}

inline long env_number(const char* name, long fallback) {
  const char* v = std::getenv(name);
  return v ? std::atol(v) : fallback;
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU time (user + system) of the whole process so far.
inline double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// A scratch directory under $BENCH_DIR (default build/bench-tmp), emptied first.
inline std::string scratch_dir(const std::string& name) {
  const char* base = std::getenv("BENCH_DIR");
  auto dir = std::filesystem::path{base ? base : "bench-tmp"} / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

} // namespace colors::bench
