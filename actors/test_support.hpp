#pragma once
// Helpers of the actors' tests: an actor system on CAF's deterministic test scheduler, and
// probes that record replies and exits for later checks.
#include "common/errc.hpp"

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <doctest/doctest.h>

#include <memory>
#include <optional>

namespace colors::actors::testing {

// Every message runs only when the test says so, in a fixed order; timers fire on demand.
struct deterministic {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  caf::scheduler::test_coordinator* sched = nullptr;

  deterministic() {
    cfg.set("scheduler.policy", caf::atom("testing"));
    cfg.set("logger.verbosity", caf::atom("quiet"));
    sys = std::make_unique<caf::actor_system>(cfg);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
  }

  // Runs every ready message.
  void run() { sched->run(); }

  // Fires the next timer (e.g. a restart backoff), then runs what became ready.
  void fire_next_timer() {
    REQUIRE(sched->has_pending_timeout());
    sched->trigger_timeout();
    run();
  }

  void advance(caf::timespan d) {
    sched->advance_time(d);
    run();
  }
};

// CAF 0.17 dereferences a null argument tuple when it spawns a function actor without
// arguments (UBSan: reference binding to null), so every helper actor here takes a dummy one.
constexpr int no_args = 0;

// The outcome of one request, filled in when the reply arrives.
template <class T>
using outcome = std::shared_ptr<std::optional<caf::expected<T>>>;

template <class T, class... Ts>
outcome<T> ask(caf::actor_system& sys, caf::actor dest, Ts... xs) {
  auto out = std::make_shared<std::optional<caf::expected<T>>>();
  sys.spawn(
    [=](caf::event_based_actor* self, int) {
      self->request(dest, caf::infinite, xs...)
        .then([=](T& v) { *out = std::move(v); }, [=](caf::error& e) { *out = std::move(e); });
    },
    no_args);
  return out;
}

// The exit reason of an actor once it is down. Holds the watcher, which CAF would otherwise
// terminate as unreachable.
struct exit_probe {
  caf::actor watcher;
  std::shared_ptr<std::optional<caf::error>> reason;
  bool has_value() const { return reason->has_value(); }
  const caf::error& operator*() const { return **reason; }
  const exit_probe* operator->() const { return this; }
};

inline exit_probe watch(caf::actor_system& sys, caf::actor target) {
  auto out = std::make_shared<std::optional<caf::error>>();
  auto watcher = sys.spawn(
    [=](caf::event_based_actor* self, int) {
      self->monitor(target);
      self->set_down_handler([=](caf::down_msg& dm) {
        *out = dm.reason;
        self->quit();
      });
      return caf::behavior{[](int) {}};
    },
    no_args);
  return {watcher, out};
}

template <class T>
std::optional<errc> error_code(const outcome<T>& o) {
  if (!o->has_value() || o->value())
    return std::nullopt;
  return code_of(o->value().error());
}

} // namespace colors::actors::testing
