#pragma once
// The Kling client's metrics in metrics::registry::global():
//   colors_kling_queue_length, colors_kling_running_tasks   gauges, summed over live clients
//   colors_kling_awaiting_connection                        gauge: HTTP requests waiting for a
//                                                           connection (max_connections in use)
//   colors_kling_circuit_open                               gauge: 0 closed, 0.5 half-open, 1 open
//   colors_kling_request_seconds{operation}                 histogram per HTTP request
//   colors_kling_responses_total{operation,code}            counter per HTTP request
// The gauges are registered once per process and read the live clients: a reader that captured
// one client would dangle after it is destroyed (and registering again replaces the reader).
//
// Thread-safety: every function may be called from any thread.
#include <atomic>
#include <cstddef>
#include <string_view>

namespace colors::tryon {

// What one client publishes; its owner updates the atomics.
struct kling_gauge_source {
  std::atomic<size_t> queued{0};
  std::atomic<size_t> running{0};
  std::atomic<size_t> awaiting_connection{0};
  std::atomic<double> circuit{0}; // 0, 0.5 or 1
};

// The source must stay alive until removed.
void add_kling_gauge_source(const kling_gauge_source* source);
void remove_kling_gauge_source(const kling_gauge_source* source);

// `operation`: "create", "query" or "download"; `code`: a bounded label (Kling code, HTTP class
// or "transport").
void observe_kling_request(std::string_view operation, std::string_view code, double seconds);

} // namespace colors::tryon
