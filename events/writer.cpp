#include "events/writer.hpp"

#include "common/errc.hpp"

#include "common/metrics.hpp"

#include <caf/all.hpp>

#include <algorithm>

namespace colors::events {

namespace {

struct writer_state {
  std::shared_ptr<store> db;
  std::vector<append_request> queue;
  std::vector<caf::response_promise> promises;
  bool flush_scheduled = false;
  std::vector<caf::actor> listeners;
  writer_stats stats;
  writer_options opts;
  static inline const char* name = "event-writer";
};

using writer_actor = caf::stateful_actor<writer_state>;

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
  answer(st, out, promises);
  notify_listeners(self, std::move(out.written));
  if (st.opts.stop_on_write_failure && st.db->write_failed())
    self->quit(make_error(errc::storage, "the event store failed a write; the writer stops"));
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
    [=](flush_atom) { flush(self); },
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
