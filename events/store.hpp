#pragma once
// The event store on RocksDB (DESIGN.md section 4).
//
// Thread-safety: reads, snapshots, checkpoints and dedupe calls are safe from any thread.
// `commit` must be called by one thread at a time (the writer actor); it is the only place that
// assigns global sequences and stream versions.
#include "events/head_cache.hpp"
#include "events/types.hpp"
#include "events/upcaster.hpp"

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include <rocksdb/db.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace colors::events {

struct store_options {
  std::string path;
  bool read_only = false;          // colctl: open beside a running server
  bool sync = true;                // every commit waits for the WAL fsync
  size_t max_events_per_append = 1000;
  size_t max_append_bytes = 4 << 20; // sum of payload sizes of one append
  size_t max_stream_id_bytes = 256;
  size_t snapshots_to_keep = 3;
  size_t cached_stream_heads = 1 << 18; // the writer's LRU of stream heads
  std::shared_ptr<const upcaster_registry> upcasters;
  rocksdb::Env* env = nullptr;     // tests inject faults here; default: the real disk
};

// One append as the writer received it.
struct append_request {
  std::string stream_id;
  expected_version expected;
  std::vector<new_event> events;
};

// When a commit's batch becomes durable: in its own synced write, or later, by `sync_wal`
// (the writer's pipelined sync: it writes the next batch while the WAL syncer fsyncs the last).
enum class wal_sync { in_write, deferred };

// The outcome of one commit call: a result per request, in order, and the envelopes written.
// A re-append of events that were already durable before this batch: its answer stays true
// whatever happens to the batch's write or sync.
inline bool repeats_durable_events(const append_result& res, uint64_t durable) {
  return res.duplicate && res.last_seq <= durable;
}

struct commit_outcome {
  std::vector<caf::expected<append_result>> results;
  std::vector<envelope> written;
};

class log_cursor;

class store {
public:
  [[nodiscard]] static caf::expected<std::unique_ptr<store>> open(store_options opts);
  ~store();
  store(const store&) = delete;
  store& operator=(const store&) = delete;

  const store_options& options() const { return opts_; }

  // Checks an append before it is queued: empty, oversized, malformed ids. Pure.
  [[nodiscard]] caf::error validate(const append_request& req) const;

  // Writes all valid requests in one WriteBatch. Writer thread only. `in_write`: the write is
  // synced (when options().sync) and its events are readable when commit returns. `deferred`:
  // the write is not synced and its events stay unreadable until `publish_synced` (readers never
  // see an event that a crash could still take away).
  commit_outcome commit(std::vector<append_request>& requests,
                        wal_sync sync = wal_sync::in_write);

  // The global sequence of the newest durable, readable event (0 when the log is empty). Every
  // read stops there.
  uint64_t last_seq() const { return last_seq_.load(std::memory_order_acquire); }

  // The global sequence of the newest written event, synced or not. Any thread.
  uint64_t written_seq() const { return written_seq_.load(std::memory_order_acquire); }

  // Fsyncs the WAL: every commit that returned before the call is durable when it returns OK.
  // Any thread (the WAL syncer's), concurrently with commits.
  [[nodiscard]] caf::error sync_wal();

  // The events up to `seq` (<= written_seq) are synced; readers see them now. One thread at a
  // time: the WAL syncer's, or the writer's for a store without syncs.
  void publish_synced(uint64_t seq);

  // A WAL sync failed. As after a failed write, the store refuses writes until it is reopened;
  // what was written but not synced is never published. Any thread.
  void refuse_writes(caf::error cause);

  // Current version of a stream, 0 when it does not exist: the newest readable entry of its
  // index.
  [[nodiscard]] caf::expected<uint64_t> stream_version(const std::string& stream) const;

  // Events of one stream from `from_version` (inclusive), at most `max`, upcast.
  [[nodiscard]] caf::expected<std::vector<envelope>>
  read_stream(const std::string& stream, uint64_t from_version, size_t max) const;

  // Events of the global log from `from_seq` (inclusive), at most `max`, upcast.
  [[nodiscard]] caf::expected<std::vector<envelope>> read_all(uint64_t from_seq, size_t max) const;

  // A streaming reader of the global log from `from_seq`; nothing is materialised.
  log_cursor scan(uint64_t from_seq) const;

  // Snapshots: the latest is loaded; saving keeps the newest `snapshots_to_keep`.
  [[nodiscard]] caf::error save_snapshot(const SnapshotRecord& snap);
  [[nodiscard]] caf::expected<std::optional<SnapshotRecord>>
  load_snapshot(const std::string& stream) const;
  [[nodiscard]] caf::expected<std::vector<uint64_t>> snapshot_versions(const std::string& stream) const;

  // Projection checkpoints. `read_model_writes` go into the same synced batch (exactly-once).
  [[nodiscard]] caf::error save_checkpoint(const std::string& projection, uint64_t seq,
                                           rocksdb::WriteBatch* read_model_writes = nullptr);
  [[nodiscard]] caf::expected<uint64_t> load_checkpoint(const std::string& projection) const;

  // A read-model column family "read_<name>", created on first use.
  [[nodiscard]] caf::expected<rocksdb::ColumnFamilyHandle*> read_model(const std::string& name);

  // Idempotency keys with expiry (ttl 0: kept forever). Expired entries read as absent and are
  // dropped by compaction.
  [[nodiscard]] caf::error dedupe_put(const std::string& key, const std::string& value,
                                      int64_t ttl_ms);
  [[nodiscard]] caf::expected<std::optional<std::string>> dedupe_get(const std::string& key) const;

  // Decodes one log record, naming the key when the bytes are corrupt. Upcasts.
  [[nodiscard]] caf::error decode(uint64_t seq, const rocksdb::Slice& bytes, envelope& out) const;

  // True after a failed write: the store refuses writes until it is reopened. Any thread.
  bool write_failed() const { return writes_refused_.load(std::memory_order_acquire); }
  // The failed write or sync that stopped this store, if any. Any thread.
  caf::error write_failure() const;

  // Flushes memtables and syncs the WAL (clean shutdown).
  [[nodiscard]] caf::error flush();

  // The raw database and families, for verify, benchmarks and tests.
  rocksdb::DB* raw() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* log_cf() const { return cf_.log; }
  rocksdb::ColumnFamilyHandle* streams_cf() const { return cf_.streams; }
  rocksdb::ColumnFamilyHandle* snapshots_cf() const { return cf_.snapshots; }
  rocksdb::ColumnFamilyHandle* checkpoints_cf() const { return cf_.checkpoints; }
  rocksdb::ColumnFamilyHandle* dedupe_cf() const { return cf_.dedupe; }
  rocksdb::ColumnFamilyHandle* keys_cf() const { return cf_.keys; }

private:
  struct families {
    rocksdb::ColumnFamilyHandle* log = nullptr;
    rocksdb::ColumnFamilyHandle* streams = nullptr;
    rocksdb::ColumnFamilyHandle* snapshots = nullptr;
    rocksdb::ColumnFamilyHandle* checkpoints = nullptr;
    rocksdb::ColumnFamilyHandle* dedupe = nullptr;
    rocksdb::ColumnFamilyHandle* keys = nullptr;
  };
  class commit_pass;

  explicit store(store_options opts);
  caf::error open_db();
  caf::error drop_families(const std::vector<rocksdb::ColumnFamilyHandle*>& handles);
  caf::error load_last_seq();
  caf::error load_newest_event_id();
  caf::expected<uint64_t> head_for_commit(std::string_view stream);
  caf::expected<uint64_t> newest_version(const std::string& stream, uint64_t max_seq) const;
  caf::error prune_snapshots(const std::string& stream);

  store_options opts_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  families cf_;
  std::mutex read_models_mutex_;
  std::unordered_map<std::string, rocksdb::ColumnFamilyHandle*> read_models_;
  std::atomic<uint64_t> last_seq_{0};    // durable and readable
  std::atomic<uint64_t> written_seq_{0}; // written; ahead of last_seq_ while a sync is due
  mutable std::mutex write_failure_mutex_;
  caf::error write_failure_; // guarded by write_failure_mutex_
  std::atomic<bool> writes_refused_{false};
  // Writer-thread only: stream heads already known, to skip a reverse index seek per append.
  head_cache head_cache_;
  // Writer-thread only: the greatest key of the event-id index without its 'e' (empty: none).
  // Ids are never removed, so a new id greater than this one needs no lookup.
  std::string newest_event_id_;
};

// Iterates the global log in order, decoding one envelope at a time.
// Not thread-safe; one cursor per reader. Holds a RocksDB iterator (and so an implicit snapshot).
class log_cursor {
public:
  log_cursor(const store& s, uint64_t from_seq);
  // Fills `out` with the next event; false at the end or on error (see `error()`).
  bool next(envelope& out);
  const caf::error& error() const { return error_; }

private:
  const store* store_;
  uint64_t end_; // the store's last_seq when the cursor was made: later events are unsynced
  std::unique_ptr<rocksdb::Iterator> it_;
  bool first_ = true;
  caf::error error_;
};

// Converts a RocksDB status (not OK) into our error, with context. events/ only.
caf::error from_status(const rocksdb::Status& st, const std::string& context);

} // namespace colors::events
