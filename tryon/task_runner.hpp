#pragma once
// The try-on runner: the one actor that moves try-on tasks through Kling. The task entities
// (domain/tryon_task.hpp) record every step; the runner decides the next one from a task's
// recorded state, so it can stop at any point and resume from the log alone:
//
//   REQUESTED   -> record SUBMITTING (the intent), then create the Kling task with
//                  external_task_id = our task id and a callback URL holding the task's secret
//   SUBMITTING  -> (after a crash) look the task up by external_task_id first; create it only
//                  when Kling does not know it, so there is exactly one Kling task per task
//   SUBMITTED / PROCESSING -> poll with backoff until a callback or a poll says it ended; while
//                  callbacks arrive, poll only every `poll_quiet` (tryon/poll_schedule.hpp)
//   succeed     -> download the result, store it in the media library as the owner's, record it
//   failed      -> record the failure with a message for the shopper
//   lost        -> (404/1203 while polling) submit again once, then fail
//
// On start it resumes every unfinished task (deps.unfinished). Blocking work (image
// reads, decoding, synced writes) runs on `pool`, never on the actor; Kling calls go through
// the client's own thread. Messages:
//   (tryon_run_atom, task_id)                              a new task (from createTryOnTask)
//   (tryon_callback_atom, task_id, secret, kling_task) -> bool   false: unknown task or secret
//
// Thread-safety: an actor; `deps` are shared, read-only or thread-safe.
#include "actors/supervisor.hpp"
#include "media/library.hpp"
#include "tryon/kling_client.hpp"

#include <boost/asio/thread_pool.hpp>
#include <caf/all.hpp>

#include <functional>
#include <memory>
#include <string>

namespace colors::tryon {

using tryon_run_atom = caf::atom_constant<caf::atom("tryonRun")>;
using tryon_callback_atom = caf::atom_constant<caf::atom("tryonCb")>;

struct runner_options {
  caf::timespan poll_first = std::chrono::seconds{3}; // after a create: callbacks usually win
  caf::timespan poll_max = std::chrono::seconds{30};
  caf::timespan poll_quiet = std::chrono::seconds{120}; // while callbacks arrive (poll_schedule.hpp)
  caf::timespan retry_delay = std::chrono::seconds{2}; // after a failed entity or lookup call
  caf::timespan entity_timeout = std::chrono::seconds{10};
  media::upload_limits result_limits{};
  // Creates built (both images read and base64-encoded) and handed to the Kling client, not yet
  // answered. Further tasks wait in the runner as ids: a burst of 10,000 (or an account limit
  // of 5 running tasks) must not hold 10,000 request bodies in memory.
  size_t max_submitting = 256;
};

// What the runner reaches only once the server is up (its sibling registry, the media library
// built with the identity service, the bound address). Set once, before `resume_tasks`; read by
// the runner only after that message (or after a restart), so no lock is needed.
struct runner_links {
  caf::actor tasks; // the try-on registry's proxy
  std::shared_ptr<media::library> media;
  // "http://host:port/kling/callback": Kling posts to <base>/<task id>/<secret>. Empty: polling.
  std::string callback_base;
};

struct runner_deps {
  std::shared_ptr<kling_client> kling;
  std::shared_ptr<boost::asio::thread_pool> pool; // blocking work
  // The ids of every task not yet succeeded or failed, from the log (the try-on read model):
  // complete even for a task acknowledged just before a crash.
  std::function<std::vector<std::string>()> unfinished;
  std::shared_ptr<runner_links> links = std::make_shared<runner_links>();
  runner_options opts;
};

// The runner as a child of a supervisor, named "tryon-runner". It resumes the unfinished tasks
// by itself after a restart; at the first start, call `resume_tasks` once `deps.tasks` is set.
actors::child_spec task_runner_child(std::shared_ptr<const runner_deps> deps);
void resume_tasks(const caf::actor& runner);

} // namespace colors::tryon

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::tryon::kling_outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::tryon::kling_task)
