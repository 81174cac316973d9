#pragma once
// Process metrics in the Prometheus text exposition format (version 0.0.4).
//
// Thread-safety: every method of `registry`, `counter`, `gauge` and `histogram` may be called
// from any thread. Metric objects live as long as their registry, so callers keep references
// to the ones they update often instead of looking them up per event.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace colors::metrics {

using labels = std::vector<std::pair<std::string, std::string>>;

class counter {
public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

private:
  std::atomic<uint64_t> value_{0};
};

class gauge {
public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double d);
  double value() const { return value_.load(std::memory_order_relaxed); }

private:
  std::atomic<double> value_{0};
};

// Cumulative buckets with fixed upper bounds (plus +Inf), a sum and a count.
class histogram {
public:
  explicit histogram(std::vector<double> bounds);
  void observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  uint64_t bucket(size_t i) const { return counts_[i].load(std::memory_order_relaxed); }
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_; // per bound, not cumulative
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

// Latency buckets in seconds, from 100 µs to 10 s.
std::vector<double> latency_buckets();

class registry {
public:
  counter& get_counter(const std::string& name, const std::string& help, const labels& l = {});
  gauge& get_gauge(const std::string& name, const std::string& help, const labels& l = {});
  histogram& get_histogram(const std::string& name, const std::string& help,
                           const std::vector<double>& bounds, const labels& l = {});
  // A gauge read when the metrics are rendered (queue lengths, open connections).
  void gauge_fn(const std::string& name, const std::string& help, std::function<double()> read,
                const labels& l = {});

  // Every metric, families sorted by name.
  std::string render() const;

  // The process-wide registry.
  static registry& global();

private:
  enum class kind { counter, gauge, histogram };
  struct series {
    std::unique_ptr<counter> c;
    std::unique_ptr<gauge> g;
    std::unique_ptr<histogram> h;
    std::function<double()> read;
  };
  struct family {
    kind type;
    std::string help;
    std::map<std::string, series> by_labels; // key: rendered label set
  };

  series& find_or_add(const std::string& name, const std::string& help, kind type,
                      const labels& l);
  static void render_family(std::string& out, const std::string& name, const family& f);

  mutable std::mutex mutex_;
  std::map<std::string, family> families_;
};

// `{a="x",b="y"}` with Prometheus escaping; empty for no labels.
std::string render_labels(const labels& l);

} // namespace colors::metrics
