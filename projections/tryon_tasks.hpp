#pragma once
// The try-on read model: every try-on task's state (the aggregate's own evolve over the log),
// indexed by owner, for `tryOnTasks` lists, the per-user daily quota, the result cache and the
// values of `tryOnTaskUpdated` as of each event.
//
// It lives in memory: filled from the log at start (`load_tryon_tasks`), then fed by the
// live-hub feed before the hub publishes a batch, so a subscriber woken by an event finds that
// event applied here.
//
// Thread-safety: every member may be called from any thread (one shared mutex; `apply` takes it
// exclusively, queries shared).
#include "domain/tryon_task.hpp"
#include "events/store.hpp"

#include <caf/error.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace colors::projections {

// What makes two try-ons give the same picture. A changed photo or garment image has a new
// media id (ids are content hashes), so a change misses the cache by itself.
struct tryon_cache_key {
  std::string user_id;
  std::string product_id;
  std::string variant_id;
  std::string reference_image_id;
  std::string garment_image_id;
  std::string model;
  auto operator<=>(const tryon_cache_key&) const = default;
};

struct tryon_cached_result {
  std::string result_image_id;
  std::string source_task_id;
};

class tryon_tasks {
public:
  using state = domain::tryon_task::state;

  // Applies the try-on events of a batch in order; other events are skipped.
  void apply(const std::vector<events::envelope>& batch);

  std::optional<state> find(const std::string& task_id) const;
  // The task as it was right after its event number `version` (1-based): status, times and
  // outcome of that moment. nullopt for an unknown task or version.
  std::optional<state> at_version(const std::string& task_id, uint64_t version) const;

  // A user's tasks, newest first, created at or after `since_ms`, optionally only those whose
  // public status (SUBMITTED,
  // PROCESSING, SUCCEEDED, FAILED) is in `statuses`.
  std::vector<state> list(const std::string& user_id, const std::vector<std::string>& statuses,
                          size_t offset, size_t limit, int64_t since_ms = 0) const;
  // How many tasks the user requested at or after `since_ms` (quota), cache hits excluded, and,
  // read at the same moment, which of `task_ids` the model shows: the quota needs both of one
  // moment (a task listed between two reads would be missed by both).
  struct requested_view {
    size_t count = 0;
    std::vector<std::string> shown;
  };
  requested_view requested_since(const std::string& user_id, int64_t since_ms,
                                 const std::vector<std::string>& task_ids) const;
  // The task id with this idempotency key of the user, if any.
  std::optional<std::string> by_idempotency_key(const std::string& user_id,
                                                const std::string& key) const;
  // The newest successful result for `key` made at or after `since_ms`.
  std::optional<tryon_cached_result> cached_result(const tryon_cache_key& key,
                                                   int64_t since_ms) const;
  // The tasks that have not succeeded or failed (the runner resumes them after a restart).
  std::vector<std::string> unfinished() const;
  size_t size() const;

private:
  struct moment {
    uint64_t version;
    std::string status;
    int64_t at;
  };
  struct entry {
    state now;
    std::vector<moment> history; // one per event
    int64_t ordered_at = 0;      // its place in its user's request order (see user_tasks)
  };
  // A user's tasks in request order (oldest first). The quota count is two binary searches:
  // `requested_at` is each task's created_at made non-decreasing (a request stamped a moment
  // before the one ahead of it in the log counts at that one's time), `cache_hits_at` the same
  // times of the tasks served from the cache, sorted.
  struct user_tasks {
    std::vector<std::string> ids;
    std::vector<int64_t> requested_at;
    std::vector<int64_t> cache_hits_at;
  };
  void apply_one(const events::envelope& env);
  void index_new(entry& e);
  void index_cache_hit(const entry& e);
  void index_result(const state& s);

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, entry> tasks_;
  std::unordered_map<std::string, user_tasks> by_user_;
  std::map<std::pair<std::string, std::string>, std::string> by_key_; // (user, key) -> task
  std::map<tryon_cache_key, std::pair<int64_t, tryon_cached_result>> results_;
};

// Applies the whole log up to the store's last event (at start, before the feeds run).
[[nodiscard]] caf::error load_tryon_tasks(const events::store& db, tryon_tasks& model);

} // namespace colors::projections
