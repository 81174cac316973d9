#include "events/wal_syncer.hpp"

#include "common/errc.hpp"
#include "common/metrics.hpp"

#include <chrono>

namespace colors::events {

wal_syncer::wal_syncer(std::shared_ptr<store> db, std::shared_ptr<batch_acknowledger> ack,
                       failure_fn on_sync_failure)
  : db_(std::move(db)), ack_(std::move(ack)), on_sync_failure_(std::move(on_sync_failure)),
    synced_(db_->last_seq()), thread_([this] { run(); }) {}

wal_syncer::~wal_syncer() {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void wal_syncer::submit(written_batch batch) {
  bool was_idle = false;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    was_idle = pending_.empty();
    pending_.push_back(std::move(batch));
  }
  if (was_idle) // otherwise the thread is awake or already woken
    wake_.notify_one();
}

void wal_syncer::run() {
  std::vector<written_batch> due;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock{mutex_};
      wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty())
        return; // stopping, nothing due
      due.swap(pending_);
    }
    settle(due);
    due.clear();
  }
}

// Every batch in `due` was written before this sync started, so the sync covers them all.
void wal_syncer::settle(std::vector<written_batch>& due) {
  if (!failed_) {
    if (db_->write_failed()) {
      // A write failed (the writer's commit made the store refuse writes): what is not synced
      // yet stays unacknowledged.
      failed_ = make_error(errc::storage, "an event log write after this one failed ("
                                            + message_of(db_->write_failure()) + ")");
    } else if (auto target = due.back().last_written; target > synced_) {
      if (auto err = timed_sync()) {
        failed_ = std::move(err);
        db_->refuse_writes(failed_);
        on_sync_failure_(failed_);
      } else {
        synced_ = target;
      }
    }
  }
  if (failed_)
    ack_->fail(due, failed_);
  else
    ack_->acknowledge(due, synced_);
}

caf::error wal_syncer::timed_sync() {
  static auto& seconds = metrics::registry::global().get_histogram(
    "colors_event_store_wal_sync_seconds", "Time of one WAL sync (covering one or more batches).",
    metrics::latency_buckets());
  auto started = std::chrono::steady_clock::now();
  auto err = db_->sync_wal();
  seconds.observe(
    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return err;
}

} // namespace colors::events
