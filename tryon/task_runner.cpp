#include "tryon/task_runner.hpp"

#include "actors/atoms.hpp"
#include "common/errc.hpp"
#include "common/log.hpp"
#include "domain/tryon_task.hpp"
#include "tryon/poll_schedule.hpp"
#include "tryon/task_metrics.hpp"
#include "tryon/task_messages.hpp"
#include "tryon/task_work.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <deque>
#include <random>
#include <unordered_map>
#include <unordered_set>

namespace colors::tryon {

namespace {

namespace t = domain::tryon_task;
using state = t::state;
using deps_ptr = std::shared_ptr<const runner_deps>;

using made_atom = caf::atom_constant<caf::atom("tryonMade")>;
using found_atom = caf::atom_constant<caf::atom("tryonFound")>;
using poll_atom = caf::atom_constant<caf::atom("tryonPoll")>;
using polled_atom = caf::atom_constant<caf::atom("tryonPold")>;
using stored_atom = caf::atom_constant<caf::atom("tryonKept")>;
using broken_atom = caf::atom_constant<caf::atom("tryonBrkn")>;
using resume_atom = caf::atom_constant<caf::atom("tryonResm")>;

constexpr int max_download_failures = 3;

// What the runner knows of a task it is moving (all of it recoverable from the entity).
struct tracked {
  events::TryOnRequested request;
  std::string kling_id;
  int retries = 0;
  uint32_t polls = 0;
  uint64_t poll_generation = 0; // only the newest scheduled poll runs
  bool finishing = false;       // the result is being fetched and stored
  finish_clock::time_point finishing_since;
  int download_failures = 0;
  std::optional<kling_outcome> create_failure; // looked up before it is reported
};

struct runner_state {
  std::unordered_map<std::string, tracked> tasks;
  // The submit window (runner_options::max_submitting): tasks whose create is being built or
  // is in the Kling client's hands, and those waiting for room, oldest first.
  std::unordered_set<std::string> submitting;
  std::deque<std::string> to_submit;
  std::optional<caf::timestamp> last_callback; // callbacks arrive: poll rarely
  std::minstd_rand jitter{std::random_device{}()};
  static inline const char* name = "tryon-runner";
};

using runner_actor = caf::stateful_actor<runner_state>;

caf::actor handle_of(runner_actor* self) { return caf::actor_cast<caf::actor>(self); }

tracked* find(runner_actor* self, const std::string& id) {
  auto it = self->state.tasks.find(id);
  return it == self->state.tasks.end() ? nullptr : &it->second;
}

events::TryOnTaskCommand command_now() {
  events::TryOnTaskCommand cmd;
  cmd.set_now(std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count());
  return cmd;
}

void step(runner_actor* self, const deps_ptr& deps, const std::string& id, const state& s);

// Drops the task from memory and evaluates it again from its recorded state after a delay.
void later(runner_actor* self, const deps_ptr& deps, const std::string& id, const caf::error& why) {
  log(log_level::warn, "try-on task step failed; retrying", {{"task", id}, {"error", message_of(why)}});
  self->state.tasks.erase(id);
  self->delayed_send(self, deps->opts.retry_delay, tryon_run_atom::value, id);
}

template <class F>
void command(runner_actor* self, const deps_ptr& deps, const std::string& id,
             events::TryOnTaskCommand cmd, F then) {
  self->request(deps->links->tasks, deps->opts.entity_timeout, actors::command_atom::value, id, std::move(cmd))
    .then([=](const state& s) { then(s); },
          [=](caf::error& err) { later(self, deps, id, err); });
}

void finished(runner_actor* self, const deps_ptr& deps, const std::string& id, const state& s) {
  if (!s.kling_task_id().empty())
    deps->kling->note_final(s.kling_task_id());
  self->state.tasks.erase(id);
}

void fail_task(runner_actor* self, const deps_ptr& deps, const std::string& id, int code,
               const std::string& detail, bool retryable) {
  auto cmd = command_now();
  auto* f = cmd.mutable_fail();
  f->set_code(code);
  f->set_message(shopper_message(code, detail));
  f->set_retryable(retryable);
  f->set_detail(detail);
  log(log_level::info, "try-on task failed", {{"task", id}, {"code", std::to_string(code)}, {"detail", detail}});
  command(self, deps, id, std::move(cmd), [=](const state& s) { finished(self, deps, id, s); });
}

caf::timespan jittered_poll_delay(runner_actor* self, const deps_ptr& deps, uint32_t polls) {
  poll_plan plan{deps->opts.poll_first, deps->opts.poll_max, deps->opts.poll_quiet};
  auto arrive = callbacks_arrive(plan, self->state.last_callback, caf::make_timestamp());
  std::uniform_real_distribution<double> spread{0.8, 1.2};
  return std::chrono::duration_cast<caf::timespan>(poll_delay(plan, polls, arrive)
                                                   * spread(self->state.jitter));
}

void schedule_poll(runner_actor* self, const std::string& id, caf::timespan delay) {
  auto* task = find(self, id);
  if (!task)
    return;
  self->delayed_send(self, delay, poll_atom::value, id, ++task->poll_generation);
}

void schedule_next_poll(runner_actor* self, const deps_ptr& deps, const std::string& id) {
  if (auto* task = find(self, id))
    schedule_poll(self, id, jittered_poll_delay(self, deps, task->polls++));
}

// --- submitting ---------------------------------------------------------------------------------

void build_and_create(runner_actor* self, const deps_ptr& deps, const std::string& id);

void publish_submit_window(runner_actor* self) {
  set_tasks_waiting_to_submit(self->state.to_submit.size());
}

void submit(runner_actor* self, const deps_ptr& deps, const std::string& id) {
  auto& st = self->state;
  if (!find(self, id) || st.submitting.contains(id))
    return;
  if (st.submitting.size() >= deps->opts.max_submitting) {
    st.to_submit.push_back(id);
    return publish_submit_window(self);
  }
  build_and_create(self, deps, id);
}

// The create of `id` has its answer (or could not be built): room for the next waiting task.
void submit_ended(runner_actor* self, const deps_ptr& deps, const std::string& id) {
  auto& st = self->state;
  if (st.submitting.erase(id) == 0)
    return;
  while (!st.to_submit.empty() && st.submitting.size() < deps->opts.max_submitting) {
    auto next = std::move(st.to_submit.front());
    st.to_submit.pop_front();
    if (find(self, next)) // not finished (cancelled) while it waited
      build_and_create(self, deps, next);
  }
  publish_submit_window(self);
}

void build_and_create(runner_actor* self, const deps_ptr& deps, const std::string& id) {
  auto* task = find(self, id);
  if (!task)
    return;
  self->state.submitting.insert(id);
  auto h = handle_of(self);
  boost::asio::post(*deps->pool, [h, deps, id, request = task->request] {
    auto req = build_create_request(*deps->links->media, request, deps->links->callback_base);
    if (!req)
      return caf::anon_send(h, broken_atom::value, id, images_unavailable_code,
                            message_of(req.error()));
    deps->kling->create(std::move(*req), [h, id](kling_outcome o) {
      caf::anon_send(h, made_atom::value, id, std::move(o));
    });
  });
}

void look_up(runner_actor* self, const deps_ptr& deps, const std::string& id) {
  auto h = handle_of(self);
  deps->kling->query_external(id, [h, id](kling_outcome o) {
    caf::anon_send(h, found_atom::value, id, std::move(o));
  });
}

void handle_kling_task(runner_actor* self, const deps_ptr& deps, const std::string& id,
                       const kling_task& k);

void mark_submitted(runner_actor* self, const deps_ptr& deps, const std::string& id,
                    const kling_task& k) {
  auto cmd = command_now();
  cmd.mutable_mark_submitted()->set_kling_task_id(k.task_id);
  command(self, deps, id, std::move(cmd), [=](const state& s) {
    if (t::is_final(s)) { // cancelled while the create was in flight
      deps->kling->note_final(k.task_id);
      return finished(self, deps, id, s);
    }
    if (auto* task = find(self, id))
      task->kling_id = s.kling_task_id();
    deps->kling->note_running(s.kling_task_id());
    if (k.status == task_status::submitted)
      schedule_next_poll(self, deps, id);
    else
      handle_kling_task(self, deps, id, k);
  });
}

void on_created(runner_actor* self, const deps_ptr& deps, const std::string& id,
                const kling_outcome& o) {
  submit_ended(self, deps, id);
  auto* task = find(self, id);
  if (!task)
    return;
  if (o.ok && o.task)
    return mark_submitted(self, deps, id, *o.task);
  if (o.code < 0) // never sent (circuit open, queue full, stopping): fail fast
    return fail_task(self, deps, id, o.code, o.message, true);
  // A create that failed may still have landed (a retry after a lost answer): ask Kling first.
  task->create_failure = o;
  look_up(self, deps, id);
}

void on_found(runner_actor* self, const deps_ptr& deps, const std::string& id,
              const kling_outcome& o) {
  auto* task = find(self, id);
  if (!task)
    return;
  if (o.ok && o.task)
    return mark_submitted(self, deps, id, *o.task);
  if (o.code != 1203 && o.code != 1202)
    return later(self, deps, id, make_error(errc::unavailable, o.message));
  if (auto failure = std::exchange(task->create_failure, std::nullopt))
    return fail_task(self, deps, id, failure->code, failure->message, failure->retryable);
  submit(self, deps, id); // the intent was recorded but the create never reached Kling
}

// --- waiting for Kling ----------------------------------------------------------------------------

void lost(runner_actor* self, const deps_ptr& deps, const std::string& id) {
  auto* task = find(self, id);
  if (!task)
    return;
  if (task->retries >= t::max_retries)
    return fail_task(self, deps, id, lost_code, "Kling no longer knows task " + task->kling_id, true);
  deps->kling->note_final(task->kling_id);
  auto cmd = command_now();
  cmd.mutable_retry()->set_reason("Kling no longer knows task " + task->kling_id);
  command(self, deps, id, std::move(cmd), [=](const state& s) { step(self, deps, id, s); });
}

void on_polled(runner_actor* self, const deps_ptr& deps, const std::string& id,
               const kling_outcome& o) {
  if (!find(self, id))
    return;
  if (o.ok && o.task)
    return handle_kling_task(self, deps, id, *o.task);
  if (o.code == 1203 || o.code == 1202)
    return lost(self, deps, id);
  schedule_next_poll(self, deps, id);
}

void poll(runner_actor* self, const deps_ptr& deps, const std::string& id, uint64_t generation) {
  auto* task = find(self, id);
  if (!task || generation != task->poll_generation || task->finishing || task->kling_id.empty())
    return;
  auto h = handle_of(self);
  deps->kling->query(task->kling_id, [h, id](kling_outcome o) {
    caf::anon_send(h, polled_atom::value, id, std::move(o));
  });
}

// --- the outcome ----------------------------------------------------------------------------------

void fetch_result(runner_actor* self, const deps_ptr& deps, const std::string& id,
                  const kling_task& k) {
  auto* task = find(self, id);
  if (!task || task->finishing)
    return;
  if (k.images.empty() || k.images.front().url.empty())
    return fail_task(self, deps, id, download_failed_code, "Kling reported no result image", false);
  task->finishing = true;
  task->finishing_since = finish_clock::now();
  auto h = handle_of(self);
  auto owner = task->request.user_id();
  deps->kling->download(k.images.front().url, [h, deps, id, owner,
                                               since = task->finishing_since](caf::expected<std::string> bytes) {
    if (!bytes)
      return caf::anon_send(h, broken_atom::value, id, download_failed_code, message_of(bytes.error()));
    observe_finish_stage("download", since);
    boost::asio::post(*deps->pool, [h, deps, id, owner, bytes = std::move(*bytes)] {
      auto storing_since = finish_clock::now();
      auto stored = store_result(*deps->links->media, owner, bytes, deps->opts.result_limits);
      if (!stored)
        return caf::anon_send(h, broken_atom::value, id, download_failed_code, message_of(stored.error()));
      observe_finish_stage("store", storing_since);
      caf::anon_send(h, stored_atom::value, id, stored->media_id);
      if (auto err = make_result_renditions(*deps->links->media, *stored, bytes, deps->opts.result_limits))
        log(log_level::warn, "try-on result renditions not made; the larger size is served",
            {{"task", id}, {"error", message_of(err)}});
    });
  });
}

void on_stored(runner_actor* self, const deps_ptr& deps, const std::string& id,
               const std::string& media_id) {
  auto cmd = command_now();
  cmd.mutable_succeed()->set_result_image_id(media_id);
  auto recording_since = finish_clock::now();
  const auto* task = find(self, id);
  auto since = task ? task->finishing_since : recording_since;
  command(self, deps, id, std::move(cmd), [=](const state& s) {
    observe_finish_stage("record", recording_since);
    observe_finish_stage("total", since);
    finished(self, deps, id, s);
  });
}

void on_broken(runner_actor* self, const deps_ptr& deps, const std::string& id, int code,
               const std::string& detail) {
  if (code == images_unavailable_code)
    submit_ended(self, deps, id);
  auto* task = find(self, id);
  if (!task)
    return;
  if (code == download_failed_code && ++task->download_failures < max_download_failures) {
    log(log_level::warn, "try-on result not stored; polling again", {{"task", id}, {"error", detail}});
    task->finishing = false;
    return schedule_next_poll(self, deps, id);
  }
  fail_task(self, deps, id, code, detail, code == download_failed_code);
}

void handle_kling_task(runner_actor* self, const deps_ptr& deps, const std::string& id,
                       const kling_task& k) {
  auto* task = find(self, id);
  if (!task || task->finishing)
    return;
  switch (k.status) {
    case task_status::submitted: return schedule_next_poll(self, deps, id);
    case task_status::processing: {
      auto cmd = command_now();
      cmd.mutable_mark_processing();
      command(self, deps, id, std::move(cmd), [=](const state& s) {
        if (t::is_final(s)) // cancelled meanwhile
          finished(self, deps, id, s);
      });
      return schedule_next_poll(self, deps, id);
    }
    case task_status::succeed: return fetch_result(self, deps, id, k);
    case task_status::failed: return fail_task(self, deps, id, 0, k.status_msg, false);
  }
}

bool on_callback(runner_actor* self, const deps_ptr& deps, const std::string& id,
                 const std::string& secret, const kling_task& k) {
  auto* task = find(self, id);
  if (!task || task->request.callback_secret() != secret)
    return false;
  if (!task->kling_id.empty() && task->kling_id != k.task_id)
    return false;
  self->state.last_callback = caf::make_timestamp();
  if (task->kling_id.empty())
    return true; // before our create's answer: the poll after it catches up
  handle_kling_task(self, deps, id, k);
  return true;
}

// --- from a recorded state ----------------------------------------------------------------------

void step(runner_actor* self, const deps_ptr& deps, const std::string& id, const state& s) {
  auto* task = find(self, id);
  if (!task)
    return;
  if (!t::exists(s) || t::is_final(s))
    return finished(self, deps, id, s);
  task->request = s.request();
  task->kling_id = s.kling_task_id();
  task->retries = s.retries();
  const auto& status = s.status();
  if (status == t::requested) {
    auto cmd = command_now();
    cmd.mutable_begin_submit();
    return command(self, deps, id, std::move(cmd), [=](const state&) { submit(self, deps, id); });
  }
  if (status == t::submitting)
    return look_up(self, deps, id);
  deps->kling->note_running(s.kling_task_id());
  schedule_poll(self, id, caf::timespan{0});
}

void start(runner_actor* self, const deps_ptr& deps, const std::string& id) {
  if (find(self, id) || !deps->links->tasks)
    return;
  self->state.tasks.emplace(id, tracked{});
  self->request(deps->links->tasks, deps->opts.entity_timeout, actors::query_atom::value, id)
    .then([=](const state& s) { step(self, deps, id, s); },
          [=](caf::error& err) { later(self, deps, id, err); });
}

void resume_unfinished(runner_actor* self, const deps_ptr& deps) {
  auto ids = deps->unfinished ? deps->unfinished() : std::vector<std::string>{};
  if (!ids.empty())
    log(log_level::info, "resuming try-on tasks", {{"count", std::to_string(ids.size())}});
  for (const auto& id : ids)
    start(self, deps, id);
}

caf::behavior runner(runner_actor* self, deps_ptr deps) {
  if (deps->links->tasks)
    resume_unfinished(self, deps); // a restart: the registry is up
  return {
    [=](tryon_run_atom, const std::string& id) { start(self, deps, id); },
    [=](resume_atom) { resume_unfinished(self, deps); },
    [=](tryon_callback_atom, const std::string& id, const std::string& secret,
        const kling_task& k) { return on_callback(self, deps, id, secret, k); },
    [=](made_atom, const std::string& id, const kling_outcome& o) { on_created(self, deps, id, o); },
    [=](found_atom, const std::string& id, const kling_outcome& o) { on_found(self, deps, id, o); },
    [=](poll_atom, const std::string& id, uint64_t generation) { poll(self, deps, id, generation); },
    [=](polled_atom, const std::string& id, const kling_outcome& o) { on_polled(self, deps, id, o); },
    [=](stored_atom, const std::string& id, const std::string& media_id) { on_stored(self, deps, id, media_id); },
    [=](broken_atom, const std::string& id, int code, const std::string& detail) { on_broken(self, deps, id, code, detail); },
  };
}

} // namespace

void resume_tasks(const caf::actor& runner) {
  caf::anon_send(runner, resume_atom::value);
}

actors::child_spec task_runner_child(std::shared_ptr<const runner_deps> deps) {
  actors::child_spec spec;
  spec.name = "tryon-runner";
  spec.start = [deps](caf::actor_system& sys) -> caf::expected<caf::actor> {
    return sys.spawn(runner, deps);
  };
  return spec;
}

} // namespace colors::tryon
