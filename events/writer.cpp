#include "events/writer.hpp"

#include "common/errc.hpp"

#include "common/metrics.hpp"
#include "events/batch_acknowledger.hpp"
#include "events/wal_syncer.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

namespace colors::events {

namespace {

struct writer_state {
  std::shared_ptr<store> db;
  std::shared_ptr<batch_acknowledger> ack;
  std::vector<append_request> queue;
  std::vector<append_reply> replies;
  bool flush_scheduled = false;
  // The gathering window of the next batch (see `flush_when_gathered`).
  size_t last_batch = 0;
  std::optional<std::chrono::steady_clock::time_point> gathering_since;
  writer_stats stats;
  writer_options opts;
  // With a synced store. Destroyed (joined) with the state: the batches it still holds are
  // synced and answered first.
  std::unique_ptr<wal_syncer> syncer;
  static inline const char* name = "event-writer";

  // The writer exits (shutdown or crash): appends queued for the next batch are refused, never
  // left hanging (re-appending them is idempotent). Written batches are synced and answered by
  // the syncer as it stops.
  ~writer_state() {
    auto stopped = make_error(errc::unavailable,
                              "the event writer stopped before this append was written");
    for (auto& reply : replies)
      reply.deliver(stopped);
  }
};

using writer_actor = caf::stateful_actor<writer_state>;

// One sleep while a batch gathers: short against a WAL sync (0.2 to 4 ms here).
constexpr auto gather_pause = std::chrono::microseconds(20);

// The writer's Prometheus metrics (process-wide: one writer per process).
struct writer_metrics {
  metrics::counter& appends;
  metrics::counter& events;
  metrics::histogram& batch_size;
  metrics::histogram& commit_seconds;

  static writer_metrics& get() {
    auto& reg = metrics::registry::global();
    static writer_metrics m{
      reg.get_counter("colors_event_store_appends_total", "Appends acknowledged or failed."),
      reg.get_counter("colors_event_store_events_total", "Events written to the log."),
      reg.get_histogram("colors_event_store_batch_size", "Appends per group commit.",
                        {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}),
      reg.get_histogram("colors_event_store_commit_seconds",
                        "Time of one group commit's write (its WAL sync follows on the "
                        "syncer's thread).",
                        metrics::latency_buckets())};
    return m;
  }
};

void stop_if_failed(writer_actor* self) {
  if (self->state.opts.stop_on_write_failure && self->state.db->write_failed())
    self->quit(make_error(errc::storage, "the event store failed a write; the writer stops"));
}

void record(writer_state& st, size_t appends, size_t events,
            std::chrono::steady_clock::time_point started) {
  auto& m = writer_metrics::get();
  m.commit_seconds.observe(
    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  m.batch_size.observe(static_cast<double>(appends));
  m.appends.inc(appends);
  m.events.inc(events);
  ++st.stats.batches;
  st.stats.appends += appends;
  st.stats.events += events;
  st.stats.largest_batch = std::max<uint64_t>(st.stats.largest_batch, appends);
  st.last_batch = appends;
}

void flush(writer_actor* self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  st.gathering_since.reset();
  auto requests = std::move(st.queue);
  written_batch batch{0, {}, std::move(st.replies)};
  st.queue.clear();
  st.replies.clear();
  if (requests.empty())
    return;
  auto started = std::chrono::steady_clock::now();
  // A store without syncs (no syncer) makes a batch readable at once.
  batch.out = st.db->commit(requests, st.syncer ? wal_sync::deferred : wal_sync::in_write);
  record(st, requests.size(), batch.out.written.size(), started);
  if (!st.syncer) {
    st.ack->acknowledge(batch);
  } else {
    batch.last_written = st.db->written_seq();
    st.syncer->submit(std::move(batch));
  }
  stop_if_failed(self);
}

// Group commit gathers what is in the mailbox when the flush message comes up. With a
// `gather_window` (off by default: the pipelined sync groups batches by itself): the callers
// answered by the last batch usually append again at once, but their appends trickle in, and
// the first few would start a batch of their own: twice the syncs for the same events. So a
// batch smaller than the last one waits up to `gather_window` for more, in short sleeps (the
// writer has its own thread; no timer, which a test scheduler would have to fire), letting
// the appends that arrived meanwhile join before the flush comes up again. A batch at least
// as big as the last one, or any batch after a batch of one, flushes at once.
void flush_when_gathered(writer_actor* self) {
  auto& st = self->state;
  auto now = std::chrono::steady_clock::now();
  if (!st.gathering_since)
    st.gathering_since = now;
  bool gathered = st.queue.size() >= st.last_batch
                  || now - *st.gathering_since >= st.opts.gather_window;
  if (gathered) {
    flush(self);
    return;
  }
  std::this_thread::sleep_for(gather_pause);
  self->send(self, flush_atom::value);
}

caf::result<append_result> enqueue(writer_actor* self, append_request req) {
  auto& st = self->state;
  if (auto err = st.db->validate(req))
    return err;
  st.queue.push_back(std::move(req));
  auto rp = self->make_response_promise();
  st.replies.emplace_back(rp);
  if (!st.flush_scheduled) {
    st.flush_scheduled = true;
    self->send(self, flush_atom::value);
  }
  return rp;
}

caf::behavior writer(writer_actor* self, std::shared_ptr<store> db, writer_options opts) {
  auto& st = self->state;
  st.db = std::move(db);
  st.ack = std::make_shared<batch_acknowledger>(st.db);
  st.opts = opts;
  if (st.db->options().sync) {
    // The syncer's thread reaches the writer through a weak address: no cycle, and a message
    // to a writer that has exited is dropped.
    auto writer_addr = self->address();
    st.syncer = std::make_unique<wal_syncer>(st.db, st.ack, [writer_addr](caf::error err) {
      if (auto writer = caf::actor_cast<caf::actor>(writer_addr))
        caf::anon_send(writer, synced_atom::value, std::move(err));
    });
  }
  self->set_down_handler(
    [=](caf::down_msg& dm) { self->state.ack->unsubscribe(dm.source); });
  return {
    [=](append_atom, std::string& stream, expected_version expected,
        std::vector<new_event>& events) -> caf::result<append_result> {
      return enqueue(self, append_request{std::move(stream), expected, std::move(events)});
    },
    [=](flush_atom) { flush_when_gathered(self); },
    // A failed WAL sync: the store refuses writes already, the syncer fails what it still gets.
    [=](synced_atom, const caf::error&) { stop_if_failed(self); },
    [=](subscribe_atom, caf::actor& listener) -> uint64_t {
      self->monitor(listener);
      return self->state.ack->subscribe(std::move(listener));
    },
    [=](stats_atom) -> writer_stats {
      auto stats = self->state.stats;
      stats.failed_appends = self->state.ack->failed_appends();
      return stats;
    },
  };
}

} // namespace

caf::actor spawn_writer(caf::actor_system& sys, std::shared_ptr<store> db, writer_options opts) {
  return sys.spawn<caf::detached>(writer, std::move(db), opts);
}

} // namespace colors::events
