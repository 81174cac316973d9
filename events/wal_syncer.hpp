#pragma once
// The writer's WAL syncer: a thread that fsyncs the write-ahead log, so the writer builds and
// writes the next batch while the last one is being synced (docs/event-store.md, "Pipelined
// sync"). `request(seq)` says the events up to `seq` are written; the thread syncs, then calls
// `done` with the newest sequence the sync covered (or the error). Requests made while a sync
// runs are served together by the next one: group sync.
#include "events/store.hpp"

#include <caf/error.hpp>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace colors::events {

class wal_syncer {
public:
  // Called on the syncer's thread after each sync: (covered sequence, error or none).
  using done_fn = std::function<void(uint64_t, caf::error)>;

  wal_syncer(std::shared_ptr<store> db, done_fn done);
  // Finishes the sync under way (its `done` is still called), then joins the thread.
  ~wal_syncer();
  wal_syncer(const wal_syncer&) = delete;
  wal_syncer& operator=(const wal_syncer&) = delete;

  // Writer thread: every event up to `seq` has been written; sync it.
  void request(uint64_t seq);

private:
  void run();

  std::shared_ptr<store> db_;
  done_fn done_;
  std::mutex mutex_;
  std::condition_variable wake_;
  uint64_t requested_ = 0; // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;     // last: starts once the members above exist
};

} // namespace colors::events
