#include "events/batch_acknowledger.hpp"

#include "common/metrics.hpp"
#include "events/atoms.hpp"

#include <caf/send.hpp>

#include <algorithm>

namespace colors::events {

namespace {

metrics::counter& failed_appends_metric() {
  static auto& counter = metrics::registry::global().get_counter(
    "colors_event_store_failed_appends_total", "Appends answered with an error.");
  return counter;
}

} // namespace

batch_acknowledger::batch_acknowledger(std::shared_ptr<store> db) : db_(std::move(db)) {}

uint64_t batch_acknowledger::subscribe(caf::actor listener) {
  std::lock_guard<std::mutex> guard{mutex_};
  listeners_.push_back(std::move(listener));
  return db_->last_seq();
}

void batch_acknowledger::unsubscribe(const caf::actor_addr& listener) {
  std::lock_guard<std::mutex> guard{mutex_};
  std::erase_if(listeners_, [&](const caf::actor& a) { return a.address() == listener; });
}

std::vector<caf::actor> batch_acknowledger::listeners() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return listeners_;
}

void batch_acknowledger::acknowledge(std::vector<written_batch>& batches, uint64_t synced) {
  std::vector<caf::actor> to_notify;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    db_->publish_synced(synced);
    to_notify = listeners_;
  }
  for (auto& batch : batches) {
    answer(batch);
    notify(to_notify, std::move(batch.out.written));
  }
}

void batch_acknowledger::acknowledge(written_batch& batch) {
  answer(batch);
  notify(listeners(), std::move(batch.out.written));
}

void batch_acknowledger::fail(std::vector<written_batch>& batches, const caf::error& cause) {
  auto durable = db_->last_seq();
  for (auto& batch : batches) {
    for (auto& res : batch.out.results)
      if (res && !repeats_durable_events(*res, durable))
        res = cause;
    answer(batch); // nothing published: no notification
  }
}

void batch_acknowledger::answer(written_batch& batch) {
  uint64_t failed = 0;
  for (size_t i = 0; i < batch.replies.size(); ++i) {
    failed += !batch.out.results[i];
    batch.replies[i].deliver(batch.out.results[i]);
  }
  if (failed > 0) {
    failed_.fetch_add(failed, std::memory_order_relaxed);
    failed_appends_metric().inc(failed);
  }
}

void batch_acknowledger::notify(const std::vector<caf::actor>& listeners,
                                std::vector<envelope>&& written) {
  if (written.empty() || listeners.empty())
    return;
  auto batch = std::make_shared<const std::vector<envelope>>(std::move(written));
  for (const auto& listener : listeners)
    caf::anon_send(listener, committed_atom::value, event_batch{batch});
}

} // namespace colors::events
