#pragma once
// The inside of kling_client (kling_client.cpp: the public side and the loop;
// kling_client_replies.cpp: what each answer means). Not for other modules.
//
// Thread-safety: the members under "shared" are guarded by `mutex`; everything under "loop" is
// touched by the client's thread only; `gauges` are atomics.
#include "tryon/circuit_breaker.hpp"
#include "tryon/kling_client.hpp"
#include "tryon/kling_metrics.hpp"
#include "tryon/kling_reply.hpp"
#include "tryon/kling_transfer.hpp"

#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

namespace colors::tryon {

enum class call_kind { create, query, external_path, external_param, download };

// One public call, across its attempts.
struct kling_call {
  call_kind kind = call_kind::query;
  std::string target; // task id, external id or download URL
  std::string body;   // create: the JSON request
  std::function<void(kling_outcome)> done;
  std::function<void(caf::expected<std::string>)> fetched; // download
  int attempts = 0;                                        // requests sent
  int failures = 0;                                        // retryable failures (a 1303 is not one)
  bool reminted = false;
  bool in_queue = false;   // counted in gauges.queued
  bool holds_slot = false; // a create sent and not yet answered: reserves a slot
};

using call_ptr = std::unique_ptr<kling_call>;

inline kling_outcome failure(int code, std::string message, bool retryable) {
  kling_outcome out;
  out.code = code;
  out.message = std::move(message);
  out.retryable = retryable;
  return out;
}

inline kling_outcome stopped() {
  return failure(kling_client_stopped, "The Kling client stopped.", true);
}
using steady_time = std::chrono::steady_clock::time_point;

struct kling_client::impl {
  explicit impl(kling_client_options o);
  ~impl();

  // Caller side.
  void submit(call_ptr call);

  // Loop (kling_client.cpp).
  void run();
  bool take_inbox();
  void route(call_ptr call);
  void dispatch_creates(steady_time now);
  bool slot_free();
  void fire_timers(steady_time now);
  void start_attempt(call_ptr call);
  void open_transfer(call_ptr call);
  void open_waiting_transfers();
  struct lane;
  lane& lane_of(const kling_call& call);
  void collect_done();
  int next_wait_ms(steady_time now);
  void publish(steady_time now);
  void shutdown();

  // Answers (kling_client_replies.cpp).
  void on_done(call_ptr call, std::unique_ptr<transfer> t, CURLcode code);
  void on_api_reply(call_ptr call, const kling_reply& reply);
  void on_task(call_ptr call, const kling_reply& reply);
  void on_download(call_ptr call, transfer& t, CURLcode code);
  void requeue(call_ptr call);
  // Schedules the next attempt; false when the attempts are used up.
  bool retry_later(call_ptr& call);
  void retry_or_finish(call_ptr call, int code, std::string message);
  void finish(call_ptr call, kling_outcome out);
  void finish_download(call_ptr call, caf::expected<std::string> result);
  void release(kling_call& call);
  transfer_spec spec_of(const kling_call& call);

  kling_client_options opts;
  kling_token_cache tokens;
  CURLM* multi = nullptr;
  kling_gauge_source gauges;

  // Shared.
  mutable std::mutex mutex;
  std::vector<call_ptr> inbox;
  std::set<std::string, std::less<>> running;
  bool stopping = false;
  bool loop_done = false; // afterwards callers answer -3 themselves

  // Loop.
  std::deque<call_ptr> creates; // waiting for a slot
  size_t creates_out = 0;       // calls with holds_slot
  std::multimap<steady_time, call_ptr> timers;
  std::map<CURL*, std::pair<std::unique_ptr<transfer>, call_ptr>> flying; // in libcurl's hands
  // A share of the connections (API requests: max_connections; downloads:
  // max_download_connections) and the attempts waiting for one of its transfers to end.
  // libcurl would queue them itself, but it walks every handle it holds on each turn of the
  // loop and starts a handle's timeout when the handle is added, so a burst of thousands cost
  // CPU and timed out waiting.
  struct lane {
    size_t limit = 0;
    size_t in_flight = 0;
    std::deque<call_ptr> waiting;
  };
  lane api_lane, download_lane;
  circuit_breaker breaker;
  steady_time paused_until{}; // creates wait after a 1303
  int pauses = 0;             // 1303s in a row
  std::mt19937_64 rng{std::random_device{}()};
  std::thread thread;
};

} // namespace colors::tryon
