#include "events/writer.hpp"

#include "common/errc.hpp"

#include "common/metrics.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

namespace colors::events {

namespace {

struct writer_state {
  std::shared_ptr<store> db;
  std::vector<append_request> queue;
  std::vector<caf::response_promise> promises;
  bool flush_scheduled = false;
  // The gathering window of the next batch (see `flush_when_gathered`).
  size_t last_batch = 0;
  std::optional<std::chrono::steady_clock::time_point> gathering_since;
  std::vector<caf::actor> listeners;
  writer_stats stats;
  writer_options opts;
  static inline const char* name = "event-writer";
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
                        "Time of one group commit, WAL sync included.",
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

void flush(writer_actor* self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  st.gathering_since.reset();
  auto requests = std::move(st.queue);
  auto promises = std::move(st.promises);
  st.queue.clear();
  st.promises.clear();
  if (requests.empty())
    return;
  auto started = std::chrono::steady_clock::now();
  auto out = st.db->commit(requests);
  auto& m = writer_metrics::get();
  m.commit_seconds.observe(
    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  m.batch_size.observe(static_cast<double>(requests.size()));
  m.appends.inc(requests.size());
  m.events.inc(out.written.size());
  ++st.stats.batches;
  st.stats.appends += requests.size();
  st.stats.events += out.written.size();
  st.stats.largest_batch = std::max<uint64_t>(st.stats.largest_batch, requests.size());
  st.last_batch = requests.size();
  answer(st, out, promises);
  notify_listeners(self, std::move(out.written));
  if (st.opts.stop_on_write_failure && st.db->write_failed())
    self->quit(make_error(errc::storage, "the event store failed a write; the writer stops"));
}

// Group commit gathers what is in the mailbox when the flush message comes up. The callers
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
