#include "main/tree.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"

#include <caf/all.hpp>

#include <csignal>
#include <unistd.h>

namespace colors::app {

namespace {

bool is_shutdown(const caf::error& reason) {
  return !reason || reason == caf::exit_reason::normal
         || reason == caf::exit_reason::user_shutdown;
}

// Monitors root; a failure is logged and turned into a stop signal for the main thread.
caf::behavior root_watcher(caf::event_based_actor* self, caf::actor root,
                           std::shared_ptr<std::atomic<bool>> failed) {
  self->monitor(root);
  self->set_down_handler([=](caf::down_msg& dm) {
    if (!is_shutdown(dm.reason)) {
      log(log_level::error, "supervision tree failed; exiting",
          {{"reason", message_of(dm.reason)}});
      failed->store(true);
      ::kill(::getpid(), SIGTERM);
    }
    self->quit();
  });
  return {[](int) {}};
}

actors::supervisor_options root_options() {
  actors::supervisor_options opts;
  opts.name = "root";
  opts.max_restarts = 5;
  opts.window = std::chrono::seconds{30};
  opts.initial_backoff = std::chrono::milliseconds{50};
  opts.max_backoff = std::chrono::seconds{5};
  return opts;
}

} // namespace

process_tree::process_tree(caf::actor_system& sys, std::shared_ptr<actors::store_holder> holder)
  : handle_(actors::spawn_supervisor(sys, root_options(), {actors::writer_child(holder)})),
    watcher_(sys.spawn(root_watcher, handle_.supervisor, failed_)) {}

void process_tree::stop() {
  caf::anon_send_exit(handle_.supervisor, caf::exit_reason::user_shutdown);
}

} // namespace colors::app
