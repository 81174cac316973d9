#include "main/tree.hpp"

#include "actors/atoms.hpp"
#include "actors/tree_metrics.hpp"
#include "common/errc.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"

#include <caf/all.hpp>

#include <csignal>
#include <cstdlib>
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

using sample_atom = caf::atom_constant<caf::atom("sample")>;

// Publishes the tree's mailbox sizes and entity counts every `every`. An unanswered inspection
// (root restarting or gone) just skips a sample.
caf::behavior tree_sampler(caf::event_based_actor* self, caf::actor root, caf::timespan every) {
  self->send(self, sample_atom::value);
  return {
    [=](sample_atom) {
      self->request(root, std::chrono::seconds{2}, actors::inspect_atom::value)
        .then(
          [](actors::node_info& tree) {
            actors::publish_tree_metrics(tree, metrics::registry::global());
          },
          [](caf::error&) {});
      self->delayed_send(self, every, sample_atom::value);
    },
  };
}

// A child that fails on every start (test hook, see tree.hpp).
actors::child_spec failing_child() {
  actors::child_spec spec;
  spec.name = "test-failing-child";
  spec.start = [](caf::actor_system&) -> caf::expected<caf::actor> {
    return make_error(errc::unavailable, "injected start failure (COLORS_TEST_FAILING_CHILD)");
  };
  return spec;
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

std::vector<actors::child_spec> children(caf::actor_system& sys,
                                         std::shared_ptr<actors::store_holder> holder,
                                         const process_tree::services_fn& services) {
  actors::supervisor_options storage_opts = root_options();
  storage_opts.name = "storage";
  auto storage = actors::supervisor_child(sys, storage_opts, {actors::writer_child(holder)});
  auto writer = storage.nested_proxies.at("event-writer");
  std::vector<actors::child_spec> out{std::move(storage)};
  if (services)
    for (auto& spec : services(writer))
      out.push_back(std::move(spec));
  const char* inject = std::getenv("COLORS_TEST_FAILING_CHILD");
  if (inject && *inject)
    out.push_back(failing_child());
  return out;
}

} // namespace

process_tree::process_tree(caf::actor_system& sys, std::shared_ptr<actors::store_holder> holder,
                           services_fn services)
  : handle_(actors::spawn_supervisor(sys, root_options(), children(sys, holder, services))),
    watcher_(sys.spawn(root_watcher, handle_.supervisor, failed_)),
    sampler_(sys.spawn(tree_sampler, handle_.supervisor, caf::timespan{std::chrono::seconds{1}})) {}

void process_tree::stop() {
  caf::anon_send_exit(sampler_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(handle_.supervisor, caf::exit_reason::user_shutdown);
}

} // namespace colors::app
