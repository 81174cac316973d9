#include "events/writer.hpp"

#include "common/errc.hpp"

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

void answer(writer_state& st, commit_outcome& out, std::vector<caf::response_promise>& promises) {
  for (size_t i = 0; i < promises.size(); ++i) {
    if (out.results[i]) {
      promises[i].deliver(*out.results[i]);
    } else {
      ++st.stats.failed_appends;
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
  auto out = st.db->commit(requests);
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
