#pragma once
// The Kling simulator's task model, a pure state machine over explicit time (Unix ms):
// create -> `submitted` -> `processing` -> (result rendered by the caller) -> `succeed`/`failed`,
// with a latency model, a per-account concurrency limit (1303 when full; a slot is held from
// `submitted` until the task ends), unique external ids per account, result expiry, and
// seeded fault decisions for the HTTP front. No I/O: the front persists, renders and calls back.
//
// Thread-safety: none; the owner serialises every call (one mutex in the front).
#include "tryon/kling_protocol.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace colors::tryon {

// Uniform between min and max milliseconds; fixed when they are equal.
struct sim_latency {
  int64_t min_ms = 10'000;
  int64_t max_ms = 60'000;
};

// Probabilities in [0, 1], drawn per request (or per callback) from the seeded RNG.
struct sim_faults {
  double server_error = 0; // answer 500/5000 instead of handling the request
  double hang = 0;         // hold the request, then answer 504/5002 (a client timeout)
  double malformed = 0;    // answer 200 with a body that is not JSON
  double drop_callback = 0;
};

struct sim_config {
  sim_latency latency;
  size_t concurrency = 5;                          // tasks per account not yet ended
  int64_t result_ttl_ms = 30LL * 24 * 3600 * 1000; // ended tasks vanish after this
  sim_faults faults;
  uint64_t seed = 1;
};

enum class sim_fault { none, server_error, hang, malformed };

// A Kling-coded refusal.
struct sim_error {
  int code = 0;
  std::string message;
};

// One task as the simulator keeps (and persists) it.
struct sim_task {
  std::string account; // the Access Key that created it
  kling_task task;
  std::string model_name;
  std::optional<std::string> callback_url;
  int64_t processing_at = 0; // when it turns `processing`
  int64_t done_at = 0;       // when its result is due
};

boost::json::object to_json(const sim_task& t);
[[nodiscard]] caf::expected<sim_task> parse_sim_task(const boost::json::value& v);

// What one advance() changed.
struct sim_step {
  std::vector<std::string> started; // now `processing`
  std::vector<std::string> due;     // result due: render it, then call complete()
  std::vector<std::string> expired; // erased (delete their files)
};

// How a rendering ended.
struct sim_outcome {
  bool ok = false;
  std::string detail; // the result URL when ok, the task_status_msg otherwise
};

class sim_model {
public:
  explicit sim_model(sim_config config);

  const sim_config& config() const { return config_; }

  // The fault to inject for the next request, and whether to drop the next callback.
  sim_fault next_fault();
  bool drop_callback();

  // A new `submitted` task, or 1303 (account at its limit) / 1201 (external id reused).
  // The request's images were validated by the caller.
  std::variant<sim_task, sim_error> create(const std::string& account,
                                           const create_task_request& request, int64_t now);

  // Takes back a persisted task (on restart).
  void restore(sim_task task);

  // nullptr when unknown, of another account, or expired.
  const sim_task* find(std::string_view account, std::string_view task_id, int64_t now) const;
  const sim_task* find_external(std::string_view account, std::string_view external_id,
                                int64_t now) const;
  const sim_task* get(std::string_view task_id) const;

  // The account's live tasks, newest first, page `page_num` (1-based) of `page_size`.
  std::vector<kling_task> list(std::string_view account, size_t page_num, size_t page_size,
                               int64_t now) const;

  // Tasks of the account that hold a slot.
  size_t active(std::string_view account) const;

  // Moves time forward. A due task is reported until complete() is called for it (at most once
  // per model lifetime: so a restart renders again what was in flight).
  sim_step advance(int64_t now);

  // Ends a due task; nullptr when it is unknown or already ended.
  const sim_task* complete(std::string_view task_id, const sim_outcome& outcome, int64_t now);

private:
  int64_t draw_latency();
  bool expired(const sim_task& t, int64_t now) const;
  std::string next_id();

  sim_config config_;
  std::mt19937_64 rng_;
  std::map<std::string, sim_task, std::less<>> tasks_;
  std::set<std::string, std::less<>> reported_due_;
};

} // namespace colors::tryon
