#include "tryon/kling_metrics.hpp"

#include "common/metrics.hpp"

#include <algorithm>
#include <mutex>
#include <set>
#include <string>

namespace colors::tryon {

namespace {

struct live_sources {
  std::mutex mutex;
  std::set<const kling_gauge_source*> sources;

  template <class Read>
  double sum(Read read) {
    std::lock_guard guard{mutex};
    double total = 0;
    for (auto* s : sources)
      total += read(*s);
    return total;
  }

  double circuit() { // the worst circuit of any client
    std::lock_guard guard{mutex};
    double worst = 0;
    for (auto* s : sources)
      worst = std::max(worst, s->circuit.load());
    return worst;
  }
};

live_sources& live() {
  static auto* sources = new live_sources; // never destroyed: the registry may outlive statics
  return *sources;
}

void register_gauges() {
  auto& reg = metrics::registry::global();
  reg.gauge_fn("colors_kling_queue_length", "Kling creates waiting for a concurrency slot",
               [] { return live().sum([](const auto& s) { return double(s.queued.load()); }); });
  reg.gauge_fn("colors_kling_running_tasks", "Kling tasks holding a concurrency slot",
               [] { return live().sum([](const auto& s) { return double(s.running.load()); }); });
  reg.gauge_fn("colors_kling_awaiting_connection", "Kling HTTP requests waiting for a connection",
               [] { return live().sum([](const auto& s) { return double(s.awaiting_connection.load()); }); });
  reg.gauge_fn("colors_kling_circuit_open",
               "Kling circuit breaker: 0 closed, 0.5 half-open, 1 open",
               [] { return live().circuit(); });
}

} // namespace

void add_kling_gauge_source(const kling_gauge_source* source) {
  static std::once_flag once;
  std::call_once(once, register_gauges);
  std::lock_guard guard{live().mutex};
  live().sources.insert(source);
}

void remove_kling_gauge_source(const kling_gauge_source* source) {
  std::lock_guard guard{live().mutex};
  live().sources.erase(source);
}

void observe_kling_request(std::string_view operation, std::string_view code, double seconds) {
  auto& reg = metrics::registry::global();
  metrics::labels op{{"operation", std::string{operation}}};
  reg.get_histogram("colors_kling_request_seconds", "Kling HTTP request latency",
                    metrics::latency_buckets(), op)
      .observe(seconds);
  op.emplace_back("code", std::string{code});
  reg.get_counter("colors_kling_responses_total", "Kling HTTP responses by operation and code", op)
      .inc();
}

} // namespace colors::tryon
