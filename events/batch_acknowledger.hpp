#pragma once
// Answers the appends of written batches and tells subscribers about their events. Shared by the
// writer (a store without syncs: its batches are answered at once) and its WAL syncer (a synced
// store: the syncer answers the batches a sync covered, on its own thread, without a hop back
// through the writer's mailbox). docs/event-store.md, "Pipelined sync".
#include "events/append_reply.hpp"
#include "events/store.hpp"

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace colors::events {

// One group commit's batch: its outcome and where its answers go, in request order.
struct written_batch {
  uint64_t last_written = 0; // the log's written end after this batch
  commit_outcome out;
  std::vector<append_reply> replies;
};

class batch_acknowledger {
public:
  explicit batch_acknowledger(std::shared_ptr<store> db);

  // Writer thread: `listener` gets (committed_atom, event_batch) for every commit published
  // after the returned sequence (the newest published one).
  uint64_t subscribe(caf::actor listener);
  void unsubscribe(const caf::actor_addr& listener);

  // Syncer thread: the WAL is synced up to `synced`, which covers every batch given. Publishes
  // the events (readers see them), then answers and notifies the batches in write order.
  void acknowledge(std::vector<written_batch>& batches, uint64_t synced);

  // Writer thread, a store without syncs: answers a batch its commit already published.
  void acknowledge(written_batch& batch);

  // Nothing of these batches is acknowledged: every append that has not failed yet fails with
  // `cause`, except a re-append of events that were already durable (its answer stays true).
  void fail(std::vector<written_batch>& batches, const caf::error& cause);

  // Appends answered with an error so far. Any thread.
  uint64_t failed_appends() const { return failed_.load(std::memory_order_relaxed); }

private:
  void answer(written_batch& batch);
  void notify(const std::vector<caf::actor>& listeners, std::vector<envelope>&& written);
  std::vector<caf::actor> listeners() const;

  std::shared_ptr<store> db_;
  // Registering a listener and publishing a sync are atomic to each other: a listener sees
  // either the published sequence or the notification, never neither.
  mutable std::mutex mutex_;
  std::vector<caf::actor> listeners_; // guarded by mutex_
  std::atomic<uint64_t> failed_{0};
};

} // namespace colors::events
