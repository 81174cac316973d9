#include "events/wal_syncer.hpp"

#include "common/metrics.hpp"

#include <chrono>

namespace colors::events {

wal_syncer::wal_syncer(std::shared_ptr<store> db, done_fn done)
  : db_(std::move(db)), done_(std::move(done)), thread_([this] { run(); }) {}

wal_syncer::~wal_syncer() {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void wal_syncer::request(uint64_t seq) {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    if (seq <= requested_)
      return;
    requested_ = seq;
  }
  wake_.notify_one();
}

void wal_syncer::run() {
  uint64_t synced = 0;
  for (;;) {
    uint64_t target = 0;
    {
      std::unique_lock<std::mutex> lock{mutex_};
      wake_.wait(lock, [&] { return stopping_ || requested_ > synced; });
      if (requested_ <= synced)
        return; // stopping, nothing due
      target = requested_;
    }
    // Everything up to `target` was written before it was requested, so before this sync.
    static auto& seconds = metrics::registry::global().get_histogram(
      "colors_event_store_wal_sync_seconds", "Time of one WAL sync (covering one or more batches).",
      metrics::latency_buckets());
    auto started = std::chrono::steady_clock::now();
    auto err = db_->sync_wal();
    seconds.observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    synced = target;
    done_(target, std::move(err));
  }
}

} // namespace colors::events
