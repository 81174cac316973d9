#pragma once
// The HTTP client of Kling's try-on API (../shared/KLING.md, docs/kling-client.md): a JWT on
// every request, retries with exponential backoff and full jitter, a circuit breaker, and a
// queue of creates that waits for one of `max_running` concurrency slots (and pauses after a
// 1303). One dedicated thread drives libcurl's multi interface and keeps the retry timers.
//
// Thread-safety: every public member may be called from any thread; calls only enqueue. The
// `done` callbacks run on the client's thread, one at a time: keep them cheap (forward to an
// actor) and do not destroy the client from one. Every callback is called exactly once; the
// destructor answers what is still pending with code -3.
#include "tryon/kling_jwt.hpp"
#include "tryon/kling_protocol.hpp"

#include <caf/expected.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace colors::tryon {

struct kling_client_options {
  std::string base_url; // e.g. "http://127.0.0.1:40123" (no trailing slash)
  kling_credentials credentials;
  size_t max_running = 5; // Kling concurrency slots: tasks from created until final
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};
  int max_attempts = 6; // per call, for retryable failures
  std::chrono::milliseconds backoff_initial{500};
  std::chrono::milliseconds backoff_max{30000};
  std::chrono::milliseconds concurrency_backoff_initial{1000}; // after a 1303
  int breaker_threshold = 5; // consecutive server-side failures that open the circuit
  std::chrono::milliseconds breaker_open{30000}; // then half-open: one trial request
  size_t max_queue = 100000;                     // creates waiting for a slot
  size_t max_download_bytes = 20 << 20;
  // HTTP requests in flight at once: to Kling's API, and result downloads (their own lane, so
  // a burst of creates never holds up a finished task's result). More wait in the client for
  // a free (kept-alive) connection instead of opening thousands of sockets in a burst.
  long max_connections = 64;
  long max_download_connections = 16;
};

// Our own codes beside Kling's.
inline constexpr int kling_circuit_open = -1;
inline constexpr int kling_queue_full = -2;
inline constexpr int kling_client_stopped = -3;

struct kling_outcome {
  bool ok = false;
  int code = 0; // Kling's code (0 ok; 5000/5002 also for connection failures/timeouts) or ours
  std::string message;            // for logs
  bool retryable = false;         // worth trying again later (the caller decides when)
  std::optional<kling_task> task; // ok: the task object (create/query)
  int attempts = 0;               // HTTP requests sent for this call
};

class kling_client {
public:
  [[nodiscard]] static caf::expected<std::unique_ptr<kling_client>>
  start(kling_client_options opts);
  ~kling_client(); // stops the thread; pending callbacks get code -3 (never dropped)
  kling_client(const kling_client&) = delete;
  kling_client& operator=(const kling_client&) = delete;

  // Queued until fewer than max_running tasks are running; on success the returned task id
  // counts as running.
  void create(create_task_request req, std::function<void(kling_outcome)> done);
  void query(std::string task_id, std::function<void(kling_outcome)> done);
  // By our external_task_id: the path form first, then ?external_task_id=; not found ->
  // ok=false, code 1203.
  void query_external(std::string external_id, std::function<void(kling_outcome)> done);
  // GETs a result image URL (no auth header), up to max_download_bytes. errc::unavailable when
  // worth retrying later, errc::not_found or errc::invalid_argument otherwise.
  void download(std::string url, std::function<void(caf::expected<std::string>)> done);
  // Slot accounting, idempotent and keyed by Kling task id.
  void note_running(const std::string& kling_task_id);
  void note_final(const std::string& kling_task_id);

  struct stats_view {
    size_t queued = 0;
    size_t running = 0;
    std::string circuit; // "closed" | "open" | "half_open"
  };
  stats_view stats() const;

private:
  struct impl;
  explicit kling_client(std::unique_ptr<impl> state);
  std::unique_ptr<impl> impl_;
};

} // namespace colors::tryon
