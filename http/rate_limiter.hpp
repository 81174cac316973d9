#pragma once
// Token-bucket rate limits per (operation class, key): e.g. ("request", ip), ("login", ip),
// ("login", "user:" + email), ("mutation", user id), ("tryon", user id).
//
// A class allows `per_second` tokens per second on average and up to `burst` at once; each
// `take` spends one token. A class that is not configured is not limited. Memory is bounded:
// buckets that have refilled completely are forgotten (they hold no information: a new bucket
// starts full), and when a shard is at its share of `max_buckets` even after that, an arbitrary
// bucket is dropped (its key gets a fresh burst: under a flood of distinct keys we fail open
// for a few keys rather than lock everybody out).
//
// Thread-safety: `take` may be called from any thread. Buckets live in shards, each with its
// own mutex, chosen by hashing the key, so unrelated callers rarely contend. The class table is
// fixed at construction.
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace colors::metrics {
class counter;
}

namespace colors::http {

struct rate_limit {
  double per_second = 1; // long-run rate; > 0
  double burst = 1;      // bucket size: requests allowed at once; must be >= 1
};

struct rate_limiter_options {
  std::map<std::string, rate_limit, std::less<>> classes; // class name -> limit
  size_t max_buckets = 100'000;                           // across all shards
  size_t shards = 32;
  // How often a shard looks for full (idle) buckets to forget, at most.
  std::chrono::milliseconds sweep_interval{10'000};
};

// The classes the server knows, with their defaults: request 100/s burst 200 (per IP),
// login 0.2/s burst 10, mutation 10/s burst 50, tryon 0.05/s burst 5.
rate_limiter_options default_rate_limits();

// What `take` decided.
struct rate_decision {
  bool allowed = true;
  // When refused: how long until a token is back (never zero when refused).
  std::chrono::milliseconds retry_after{0};
  explicit operator bool() const { return allowed; }
};

class rate_limiter {
public:
  using clock = std::chrono::steady_clock;

  explicit rate_limiter(rate_limiter_options options);
  ~rate_limiter();
  rate_limiter(const rate_limiter&) = delete;
  rate_limiter& operator=(const rate_limiter&) = delete;

  // Spends one token of `key`'s bucket in `op_class`, or says how long to wait. Refusals are
  // counted in colors_rate_limited_total{class}.
  [[nodiscard]] rate_decision take(std::string_view op_class, std::string_view key);
  // The same at a given time (tests).
  [[nodiscard]] rate_decision take(std::string_view op_class, std::string_view key,
                                   clock::time_point now);

  // True when `op_class` has a limit.
  bool limits(std::string_view op_class) const;
  // Buckets held right now (for tests and the memory bound).
  size_t bucket_count() const;

private:
  struct bucket {
    double tokens;
    clock::time_point updated;
    const rate_limit* limit; // in classes_, which never changes
  };
  struct shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, bucket> buckets;
    clock::time_point last_sweep{};
  };
  struct limit_entry {
    rate_limit limit;
    metrics::counter* refused; // colors_rate_limited_total{class}
  };

  static double refilled(const bucket& b, clock::time_point now);
  static std::chrono::milliseconds time_to_next_token(const bucket& b);
  void sweep(shard& s, clock::time_point now);
  void make_room(shard& s, clock::time_point now);
  const limit_entry* find(std::string_view op_class) const;

  std::map<std::string, limit_entry, std::less<>> classes_;
  std::vector<std::unique_ptr<shard>> shards_;
  size_t per_shard_cap_;
  std::chrono::milliseconds sweep_interval_;
};

} // namespace colors::http
