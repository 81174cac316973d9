#include "events/writer.hpp"

#include "common/errc.hpp"

#include "common/metrics.hpp"
#include "events/wal_syncer.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <optional>
#include <thread>

namespace colors::events {

namespace {

// A batch written but not yet answered: it waits for the WAL sync that covers `last_written`.
struct unsynced_batch {
  uint64_t last_written = 0;
  commit_outcome out;
  std::vector<caf::response_promise> promises;
};

struct writer_state {
  std::shared_ptr<store> db;
  std::deque<unsynced_batch> unsynced; // in write order
  std::vector<append_request> queue;
  std::vector<caf::response_promise> promises;
  bool flush_scheduled = false;
  // The gathering window of the next batch (see `flush_when_gathered`).
  size_t last_batch = 0;
  std::optional<std::chrono::steady_clock::time_point> gathering_since;
  std::vector<caf::actor> listeners;
  writer_stats stats;
  writer_options opts;
  std::unique_ptr<wal_syncer> syncer; // with a synced store; destroyed (joined) with the state
  static inline const char* name = "event-writer";

  // The writer exits (shutdown or crash): batches still waiting for their sync are refused,
  // never left hanging. Their events may survive (a clean close syncs the WAL); re-appending
  // them is idempotent.
  ~writer_state() {
    syncer.reset();
    for (auto& batch : unsynced)
      for (auto& rp : batch.promises)
        rp.deliver(make_error(errc::unavailable,
                              "the event writer stopped before this append's WAL sync"));
  }
};

using writer_actor = caf::stateful_actor<writer_state>;

// One sleep while a batch gathers: short against a WAL sync (0.2 to 4 ms here).
constexpr auto gather_pause = std::chrono::microseconds(20);

// The writer's Prometheus metrics (process-wide: one writer per process).
struct writer_metrics {
  metrics::counter& appends;
  metrics::counter& events;
  metrics::counter& failed;
  metrics::histogram& batch_size;
  metrics::histogram& commit_seconds;

  static writer_metrics& get() {
    auto& reg = metrics::registry::global();
    static writer_metrics m{
      reg.get_counter("colors_event_store_appends_total", "Appends acknowledged or failed."),
      reg.get_counter("colors_event_store_events_total", "Events written to the log."),
      reg.get_counter("colors_event_store_failed_appends_total", "Appends answered with an error."),
      reg.get_histogram("colors_event_store_batch_size", "Appends per group commit.",
                        {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}),
      reg.get_histogram("colors_event_store_commit_seconds",
                        "Time of one group commit's write (its WAL sync follows on the "
                        "syncer's thread).",
                        metrics::latency_buckets())};
    return m;
  }
};

void answer(writer_state& st, commit_outcome& out, std::vector<caf::response_promise>& promises) {
  for (size_t i = 0; i < promises.size(); ++i) {
    if (out.results[i]) {
      promises[i].deliver(*out.results[i]);
    } else {
      ++st.stats.failed_appends;
      writer_metrics::get().failed.inc();
      promises[i].deliver(out.results[i].error());
    }
  }
}

void notify_listeners(writer_actor* self, std::vector<envelope>&& written) {
  auto& st = self->state;
  if (written.empty() || st.listeners.empty())
    return;
  auto batch = std::make_shared<const std::vector<envelope>>(std::move(written));
  for (auto& listener : st.listeners)
    self->send(listener, committed_atom::value, event_batch{batch});
}

void answer_batch(writer_actor* self, unsynced_batch& batch) {
  answer(self->state, batch.out, batch.promises);
  notify_listeners(self, std::move(batch.out.written));
}

void stop_if_failed(writer_actor* self) {
  if (self->state.opts.stop_on_write_failure && self->state.db->write_failed())
    self->quit(make_error(errc::storage, "the event store failed a write; the writer stops"));
}

// A batch with nothing written, and no re-append of an unsynced event, is answered at once.
bool waits_for_sync(const commit_outcome& out, uint64_t durable) {
  if (!out.written.empty())
    return true;
  return std::any_of(out.results.begin(), out.results.end(),
                     [&](const auto& res) { return res && res->last_seq > durable; });
}

// The first error among a batch's results (one exists after a failed write).
caf::error first_error(const commit_outcome& out) {
  for (const auto& res : out.results)
    if (!res)
      return res.error();
  return make_error(errc::storage, "unknown write failure");
}

// Fails every written batch still waiting for a sync: after a failed write or sync nothing
// unsynced is acknowledged (a reopen may or may not find it; re-appending is idempotent).
void fail_unsynced(writer_actor* self, const caf::error& cause) {
  auto& st = self->state;
  for (auto& batch : st.unsynced)
    for (auto& res : batch.out.results)
      if (res)
        res = cause;
  while (!st.unsynced.empty()) {
    answer_batch(self, st.unsynced.front());
    st.unsynced.pop_front();
  }
}

// The syncer covered the events up to `seq`: publish them, answer their batches in order.
void on_synced(writer_actor* self, uint64_t seq, caf::error& err) {
  auto& st = self->state;
  if (err) {
    st.db->refuse_writes(err);
    fail_unsynced(self, err);
    stop_if_failed(self);
    return;
  }
  if (st.db->write_failed())
    return; // its batches were failed with the failure: what it covered stays unpublished
  st.db->publish_synced(seq);
  while (!st.unsynced.empty() && st.unsynced.front().last_written <= seq) {
    answer_batch(self, st.unsynced.front());
    st.unsynced.pop_front();
  }
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
  unsynced_batch batch{0, {}, std::move(st.promises)};
  st.queue.clear();
  st.promises.clear();
  if (requests.empty())
    return;
  auto started = std::chrono::steady_clock::now();
  // A store without syncs (no syncer) makes a batch readable at once.
  batch.out = st.db->commit(requests, st.syncer ? wal_sync::deferred : wal_sync::in_write);
  record(st, requests.size(), batch.out.written.size(), started);
  if (!st.syncer) {
    answer_batch(self, batch);
    stop_if_failed(self);
    return;
  }
  if (st.db->write_failed()) {
    fail_unsynced(self, make_error(errc::storage, "an event log write after this one failed ("
                                                    + message_of(first_error(batch.out)) + ")"));
    answer_batch(self, batch);
    stop_if_failed(self);
    return;
  }
  batch.last_written = st.db->written_seq();
  if (st.unsynced.empty() && !waits_for_sync(batch.out, st.db->last_seq())) {
    answer_batch(self, batch);
    return;
  }
  st.unsynced.push_back(std::move(batch));
  st.syncer->request(st.unsynced.back().last_written);
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
  st.promises.push_back(rp);
  if (!st.flush_scheduled) {
    st.flush_scheduled = true;
    self->send(self, flush_atom::value);
  }
  return rp;
}

caf::behavior writer(writer_actor* self, std::shared_ptr<store> db, writer_options opts) {
  self->state.db = std::move(db);
  self->state.opts = opts;
  if (self->state.db->options().sync) {
    // The syncer's thread reaches the writer through a weak address: no cycle, and a message
    // to a writer that has exited is dropped.
    auto writer_addr = self->address();
    self->state.syncer = std::make_unique<wal_syncer>(
      self->state.db, [writer_addr](uint64_t seq, caf::error err) {
        if (auto writer = caf::actor_cast<caf::actor>(writer_addr))
          caf::anon_send(writer, synced_atom::value, seq, std::move(err));
      });
  }
  self->set_down_handler([=](caf::down_msg& dm) {
    auto& ls = self->state.listeners;
    ls.erase(std::remove_if(ls.begin(), ls.end(),
                            [&](const caf::actor& a) { return a.address() == dm.source; }),
             ls.end());
  });
  return {
    [=](append_atom, std::string& stream, expected_version expected,
        std::vector<new_event>& events) -> caf::result<append_result> {
      return enqueue(self, append_request{std::move(stream), expected, std::move(events)});
    },
    [=](flush_atom) { flush_when_gathered(self); },
    [=](synced_atom, uint64_t seq, caf::error& err) { on_synced(self, seq, err); },
    [=](subscribe_atom, caf::actor& listener) -> uint64_t {
      self->monitor(listener);
      self->state.listeners.push_back(std::move(listener));
      return self->state.db->last_seq();
    },
    [=](stats_atom) -> writer_stats { return self->state.stats; },
  };
}

} // namespace

caf::actor spawn_writer(caf::actor_system& sys, std::shared_ptr<store> db, writer_options opts) {
  return sys.spawn<caf::detached>(writer, std::move(db), opts);
}

} // namespace colors::events
