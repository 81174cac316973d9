#pragma once
// The writer's WAL syncer: a thread that fsyncs the write-ahead log and answers the batches each
// sync covered, so the writer builds and writes the next batch meanwhile (docs/event-store.md,
// "Pipelined sync"). `submit` hands over a written batch; batches submitted while a sync runs
// are covered together by the next one (group sync), then acknowledged in write order.
#include "events/batch_acknowledger.hpp"
#include "events/store.hpp"

#include <caf/error.hpp>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace colors::events {

class wal_syncer {
public:
  // Called once, on the syncer's thread, after a failed sync has made the store refuse writes.
  using failure_fn = std::function<void(caf::error)>;

  wal_syncer(std::shared_ptr<store> db, std::shared_ptr<batch_acknowledger> ack,
             failure_fn on_sync_failure);
  // Syncs and answers every batch submitted before, then joins the thread.
  ~wal_syncer();
  wal_syncer(const wal_syncer&) = delete;
  wal_syncer& operator=(const wal_syncer&) = delete;

  // Writer thread, in write order: a batch written unsynced (or whose write failed: the store
  // then refuses writes, and nothing not yet synced is acknowledged).
  void submit(written_batch batch);

private:
  void run();
  void settle(std::vector<written_batch>& due);
  caf::error timed_sync();

  std::shared_ptr<store> db_;
  std::shared_ptr<batch_acknowledger> ack_;
  failure_fn on_sync_failure_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<written_batch> pending_; // guarded by mutex_
  bool stopping_ = false;              // guarded by mutex_
  // Syncer thread only. After a failed sync or write nothing more is acknowledged.
  uint64_t synced_ = 0;
  caf::error failed_;
  std::thread thread_; // last: starts once the members above exist
};

} // namespace colors::events
