#include "actors/atoms.hpp"
#include "actors/supervisor.hpp"
#include "actors/test_support.hpp"

#include <caf/all.hpp>
#include <doctest/doctest.h>

using namespace colors;
using namespace colors::actors;
using namespace colors::actors::testing;
using namespace std::chrono_literals;

namespace {

using crash_atom = caf::atom_constant<caf::atom("crash")>;
using park_atom = caf::atom_constant<caf::atom("park")>;

struct worker_state {
  std::vector<caf::response_promise> parked;
  static inline const char* name = "test-worker";
};

// Answers `x` with `x + 1000 * incarnation`, parks requests forever on `park`, fails on `crash`.
caf::behavior worker(caf::stateful_actor<worker_state>* self, int incarnation) {
  return {
    [=](int x) { return x + 1000 * incarnation; },
    [=](park_atom) -> caf::result<int> {
      self->state.parked.push_back(self->make_response_promise());
      return self->state.parked.back();
    },
    [=](crash_atom) { self->quit(make_error(errc::storage, "injected crash")); },
  };
}

// A child whose factory counts its calls; each incarnation knows its number.
struct counted_child {
  std::shared_ptr<int> starts = std::make_shared<int>(0);

  child_spec spec(std::string name) const {
    child_spec s;
    s.name = std::move(name);
    s.start = [starts = starts](caf::actor_system& sys) -> caf::expected<caf::actor> {
      return sys.spawn(worker, ++*starts);
    };
    return s;
  }
};

supervisor_options fast_options(restart_strategy strategy = restart_strategy::one_for_one) {
  supervisor_options opts;
  opts.strategy = strategy;
  opts.max_restarts = 3;
  opts.window = 10s;
  opts.seed = 42;
  return opts;
}

void stop(deterministic& t, const supervisor_handle& h) {
  caf::anon_send_exit(h.supervisor, caf::exit_reason::user_shutdown);
  t.run();
}

} // namespace

TEST_CASE("the backoff doubles per attempt, stops at the maximum and stays within the jitter") {
  supervisor_options opts;
  opts.initial_backoff = 10ms;
  opts.max_backoff = 100ms;
  opts.jitter = 0.2;
  CHECK(backoff_delay(opts, 1, 0.5) == caf::timespan{10ms});
  CHECK(backoff_delay(opts, 2, 0.5) == caf::timespan{20ms});
  CHECK(backoff_delay(opts, 4, 0.5) == caf::timespan{80ms});
  CHECK(backoff_delay(opts, 9, 0.5) == caf::timespan{100ms});
  CHECK(backoff_delay(opts, 1, 0.0) == caf::timespan{8ms});
  CHECK(backoff_delay(opts, 1, 1.0) == caf::timespan{12ms});
}

TEST_CASE("one-for-one restarts only the failed child, after its backoff") {
  deterministic t;
  counted_child a, b;
  auto h = spawn_supervisor(*t.sys, fast_options(), {a.spec("a"), b.spec("b")});
  t.run();
  REQUIRE(*a.starts == 1);
  REQUIRE(*b.starts == 1);
  caf::anon_send(h.child("a"), crash_atom::value);
  t.run();
  CHECK(*a.starts == 1); // not before the backoff
  t.fire_next_timer();
  CHECK(*a.starts == 2);
  CHECK(*b.starts == 1);
  auto reply = ask<int>(*t.sys, h.child("a"), 1);
  t.run();
  REQUIRE(reply->has_value());
  CHECK(reply->value() == 2001);
  stop(t, h);
}

TEST_CASE("all-for-one restarts every child when one fails") {
  deterministic t;
  counted_child a, b, c;
  auto h = spawn_supervisor(*t.sys, fast_options(restart_strategy::all_for_one),
                            {a.spec("a"), b.spec("b"), c.spec("c")});
  t.run();
  caf::anon_send(h.child("b"), crash_atom::value);
  t.run();
  t.fire_next_timer();
  CHECK(*a.starts == 2);
  CHECK(*b.starts == 2);
  CHECK(*c.starts == 2);
  auto reply = ask<int>(*t.sys, h.child("c"), 5);
  t.run();
  REQUIRE(reply->has_value());
  CHECK(reply->value() == 2005);
  stop(t, h);
}

TEST_CASE("a request in flight to a child that crashes fails with unavailable") {
  deterministic t;
  counted_child a;
  auto h = spawn_supervisor(*t.sys, fast_options(), {a.spec("a")});
  t.run();
  auto parked = ask<int>(*t.sys, h.child("a"), park_atom::value);
  t.run();
  REQUIRE_FALSE(parked->has_value());
  caf::anon_send(h.child("a"), crash_atom::value);
  t.run();
  CHECK(error_code(parked) == errc::unavailable);
  stop(t, h);
}

TEST_CASE("a request sent while the child restarts is answered by the next incarnation") {
  deterministic t;
  counted_child a;
  auto h = spawn_supervisor(*t.sys, fast_options(), {a.spec("a")});
  t.run();
  caf::anon_send(h.child("a"), crash_atom::value);
  t.run();
  auto reply = ask<int>(*t.sys, h.child("a"), 7);
  t.run();
  CHECK_FALSE(reply->has_value()); // held, not failed
  t.fire_next_timer();
  REQUIRE(reply->has_value());
  CHECK(reply->value() == 2007);
  stop(t, h);
}

TEST_CASE("too many restarts within the window make the supervisor give up and say why") {
  deterministic t;
  counted_child a, b;
  auto opts = fast_options();
  opts.max_restarts = 2;
  auto h = spawn_supervisor(*t.sys, opts, {a.spec("a"), b.spec("b")});
  auto exited = watch(*t.sys, h.supervisor);
  t.run();
  for (int i = 0; i < 2; ++i) {
    caf::anon_send(h.child("a"), crash_atom::value);
    t.run();
    t.fire_next_timer();
  }
  CHECK(*a.starts == 3);
  auto waiting = ask<int>(*t.sys, h.child("b"), park_atom::value);
  t.run();
  caf::anon_send(h.child("a"), crash_atom::value);
  t.run();
  REQUIRE(exited->has_value());
  CHECK(code_of(*exited) == errc::unavailable);
  auto why = message_of(*exited);
  CHECK(why.find("child 'a' gave up") != std::string::npos);
  CHECK(why.find("injected crash") != std::string::npos);
  CHECK(error_code(waiting) == errc::unavailable); // b was stopped with the tree
  auto late = ask<int>(*t.sys, h.child("a"), 1);
  t.run();
  CHECK(late->has_value()); // a retired proxy: the request fails rather than hangs
  CHECK_FALSE(late->value());
}

TEST_CASE("failures further apart than the window do not add up") {
  deterministic t;
  counted_child a;
  auto opts = fast_options();
  opts.max_restarts = 1;
  auto h = spawn_supervisor(*t.sys, opts, {a.spec("a")});
  auto exited = watch(*t.sys, h.supervisor);
  t.run();
  for (int i = 0; i < 3; ++i) {
    caf::anon_send(h.child("a"), crash_atom::value);
    t.run();
    t.fire_next_timer();
    t.advance(11s);
  }
  CHECK(*a.starts == 4);
  CHECK_FALSE(exited->has_value());
  stop(t, h);
}

TEST_CASE("a nested supervisor that gives up is restarted by its parent with a fresh subtree") {
  deterministic t;
  counted_child leaf, other;
  auto inner_opts = fast_options();
  inner_opts.name = "inner";
  inner_opts.max_restarts = 1;
  auto inner = supervisor_child(*t.sys, inner_opts, {leaf.spec("leaf")});
  auto h = spawn_supervisor(*t.sys, fast_options(), {std::move(inner), other.spec("other")});
  auto exited = watch(*t.sys, h.supervisor);
  t.run();
  REQUIRE(h.child("leaf"));
  caf::anon_send(h.child("leaf"), crash_atom::value);
  t.run();
  t.fire_next_timer();
  CHECK(*leaf.starts == 2);
  caf::anon_send(h.child("leaf"), crash_atom::value); // second crash: inner gives up
  t.run();
  t.fire_next_timer(); // the root's backoff for "inner"
  CHECK(*leaf.starts == 3);
  CHECK(*other.starts == 1);
  CHECK_FALSE(exited->has_value());
  auto reply = ask<node_info>(*t.sys, h.supervisor, inspect_atom::value);
  t.run();
  REQUIRE(reply->has_value());
  REQUIRE(reply->value());
  const auto& root = *reply->value();
  REQUIRE(root.children.size() == 2);
  CHECK(root.children[0].name == "inner");
  CHECK(root.children[0].restarts == 1);
  CHECK(root.children[0].last_failure.find("child 'leaf' gave up") != std::string::npos);
  REQUIRE(root.children[0].children.size() == 1);
  CHECK(root.children[0].children[0].state == "running");
  auto via_proxy = ask<int>(*t.sys, h.child("leaf"), 1);
  t.run();
  REQUIRE(via_proxy->has_value());
  CHECK(via_proxy->value() == 3001);
  stop(t, h);
}

TEST_CASE("a factory that fails counts as a failure of its child") {
  deterministic t;
  auto opts = fast_options();
  opts.max_restarts = 2;
  child_spec broken;
  broken.name = "broken";
  broken.start = [](caf::actor_system&) -> caf::expected<caf::actor> {
    return make_error(errc::storage, "cannot open");
  };
  auto h = spawn_supervisor(*t.sys, opts, {broken});
  auto exited = watch(*t.sys, h.supervisor);
  t.run();
  t.fire_next_timer();
  t.fire_next_timer();
  REQUIRE(exited->has_value());
  CHECK(message_of(*exited).find("cannot open") != std::string::npos);
}

TEST_CASE("an inspected plain worker reports its queue as its mailbox size") {
  deterministic t;
  counted_child a;
  auto h = spawn_supervisor(*t.sys, fast_options(), {a.spec("a")});
  t.run();
  auto first = ask<int>(*t.sys, h.child("a"), park_atom::value);
  auto second = ask<int>(*t.sys, h.child("a"), park_atom::value);
  t.run();
  auto info = ask<node_info>(*t.sys, h.supervisor, inspect_atom::value);
  t.run();
  REQUIRE(info->has_value());
  REQUIRE(info->value()->children.size() == 1);
  CHECK(info->value()->children[0].kind == "worker");
  CHECK(info->value()->children[0].mailbox_size == 2); // both parked requests wait for it
  CHECK(info->value()->mailbox_size == 0);
  CHECK(to_json(*info->value()).find("\"mailbox_size\":null") == std::string::npos);
  stop(t, h);
  CHECK(error_code(first) == errc::unavailable);
  CHECK(error_code(second) == errc::unavailable);
}
