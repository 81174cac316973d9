#include "actors/registry.hpp"
#include "actors/supervisor.hpp"
#include "actors/test_support.hpp"
#include "domain/counter.hpp"
#include "events/test_support.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::actors;
using namespace colors::actors::testing;
using namespace std::chrono_literals;
using counter_agg = domain::counter::aggregate;
using domain::counter::increment;

namespace {

using release_atom = caf::atom_constant<caf::atom("release")>;
using crash_atom = caf::atom_constant<caf::atom("crash")>;

struct gate_state {
  std::shared_ptr<events::store> db;
  bool gated = false;
  std::vector<std::pair<events::append_request, caf::response_promise>> parked;
  static inline const char* name = "test-writer";
};

caf::expected<events::append_result> commit(events::store& db, events::append_request req) {
  std::vector<events::append_request> batch{std::move(req)};
  return std::move(db.commit(batch).results.front());
}

// A writer on the test scheduler: commits at once, or, when gated, parks appends until
// `release` (one at a time) so that a test can act while a persist is in flight.
caf::behavior test_writer(caf::stateful_actor<gate_state>* self, std::shared_ptr<events::store> db,
                          bool gated) {
  self->state.db = std::move(db);
  self->state.gated = gated;
  return {
    [=](events::append_atom, std::string& stream, events::expected_version ev,
        std::vector<events::new_event>& evs) -> caf::result<events::append_result> {
      events::append_request req{std::move(stream), ev, std::move(evs)};
      if (!self->state.gated) {
        auto res = commit(*self->state.db, std::move(req));
        if (res)
          return *res;
        return res.error();
      }
      self->state.parked.emplace_back(std::move(req), self->make_response_promise());
      return self->state.parked.back().second;
    },
    [=](release_atom) {
      auto& p = self->state.parked;
      REQUIRE_FALSE(p.empty());
      auto res = commit(*self->state.db, std::move(p.front().first));
      if (res)
        p.front().second.deliver(*res);
      else
        p.front().second.deliver(res.error());
      p.erase(p.begin());
    },
    [=](crash_atom) { self->quit(make_error(errc::storage, "injected write error")); },
  };
}

// Recovery readers on the deterministic scheduler, not on threads of their own.
entity_options on_test_scheduler() {
  entity_options opts;
  opts.recovery_readers = 0;
  return opts;
}

struct fixture : deterministic {
  events::testing::temp_dir dir;
  std::shared_ptr<events::store> db = events::testing::open_store(dir.path());
  entity_options opts = on_test_scheduler();
  caf::actor writer;
  caf::actor reg;

  void start(bool gated = false) {
    writer = sys->spawn(test_writer, db, gated);
    start_registry(writer);
  }
  void start_registry(caf::actor w) {
    auto ctx = std::make_shared<entity_context>();
    ctx->db = [db = db] { return db; };
    ctx->writer = std::move(w);
    ctx->opts = opts;
    reg = spawn_registry<counter_agg>(*sys, ctx);
  }
  outcome<uint64_t> send(const std::string& id, uint64_t amount) {
    return ask<uint64_t>(*sys, reg, command_atom::value, id, increment{amount});
  }
  outcome<uint64_t> query(const std::string& id) {
    return ask<uint64_t>(*sys, reg, query_atom::value, id);
  }
  entity_counts counts() {
    auto info = ask<node_info>(*sys, reg, inspect_atom::value);
    run();
    REQUIRE(info->has_value());
    return info->value()->entities.at(0);
  }
  uint64_t version(const std::string& id) {
    return *db->stream_version(stream_of<counter_agg>(id));
  }
  void release() {
    caf::anon_send(writer, release_atom::value);
    run();
  }
  ~fixture() {
    caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
    if (writer)
      caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    run();
  }
};

uint64_t value_of(const outcome<uint64_t>& o) {
  REQUIRE(o->has_value());
  REQUIRE_MESSAGE(o->value(), (o->value() ? "" : message_of(o->value().error())));
  return *o->value();
}

} // namespace

TEST_CASE_FIXTURE(fixture, "racing first commands for one id activate one entity, in order") {
  start();
  auto r1 = send("a", 1);
  auto r2 = send("a", 2);
  auto r3 = send("a", 3);
  run();
  CHECK(value_of(r1) == 1);
  CHECK(value_of(r2) == 3);
  CHECK(value_of(r3) == 6);
  CHECK(version("a") == 3);
  CHECK(counts().active == 1);
}

TEST_CASE_FIXTURE(fixture, "commands that arrive during a persist are stashed and applied in order") {
  start(true);
  auto r1 = send("a", 1);
  run();
  auto r2 = send("a", 10);
  auto r3 = send("a", 100);
  run();
  CHECK_FALSE(r1->has_value());
  release();
  CHECK(value_of(r1) == 1);
  CHECK_FALSE(r2->has_value());
  release();
  CHECK(value_of(r2) == 11);
  release();
  CHECK(value_of(r3) == 111);
  CHECK(version("a") == 3);
}

TEST_CASE_FIXTURE(fixture, "a command past the stash bound gets overloaded") {
  opts.max_stash = 2;
  start(true);
  auto r1 = send("a", 1);
  run();
  auto r2 = send("a", 1);
  auto r3 = send("a", 1);
  auto r4 = send("a", 1);
  run();
  CHECK(error_code(r4) == errc::overloaded);
  release();
  release();
  release();
  CHECK(value_of(r3) == 3);
}

TEST_CASE_FIXTURE(fixture, "a refused command changes nothing and returns its error") {
  start();
  auto first = send("a", 5);
  auto refused = send("a", 0);
  auto after = send("a", 1);
  run();
  CHECK(value_of(first) == 5);
  CHECK(error_code(refused) == errc::invalid_argument);
  CHECK(value_of(after) == 6);
  CHECK(version("a") == 2);
  auto q = query("a");
  run();
  CHECK(value_of(q) == 6);
}

TEST_CASE_FIXTURE(fixture, "an entity recovers from its latest snapshot and the events after it") {
  opts.snapshot_every = 2;
  start();
  for (uint64_t i = 1; i <= 5; ++i)
    send("a", i);
  run();
  auto snaps = *db->snapshot_versions(stream_of<counter_agg>("a"));
  std::sort(snaps.begin(), snaps.end());
  CHECK(snaps == std::vector<uint64_t>{2, 4});
  caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
  run();
  start_registry(writer);
  auto q = query("a");
  run();
  CHECK(value_of(q) == 15);
  auto r = send("a", 1);
  run();
  CHECK(value_of(r) == 16);
  CHECK(version("a") == 6);
}

TEST_CASE_FIXTURE(fixture, "an idle entity passivates and comes back with its state") {
  opts.idle_timeout = 1min;
  start();
  auto r = send("a", 7);
  run();
  CHECK(value_of(r) == 7);
  advance(1min);
  auto c = counts();
  CHECK(c.active == 0);
  CHECK(c.passivated == 1);
  auto q = query("a");
  run();
  CHECK(value_of(q) == 7);
  CHECK(counts().active == 1);
}

TEST_CASE_FIXTURE(fixture, "an entity passivated during a command finishes it first; later "
                           "commands wait for its successor") {
  opts.max_active = 1;
  start(true);
  auto x1 = send("x", 1);
  run();
  auto y1 = send("y", 1); // x is now the least recently used: passivate, persist in flight
  run();
  auto x2 = send("x", 2); // waits in the registry until the old x is down
  run();
  release();
  CHECK(value_of(x1) == 1);
  release();
  CHECK(value_of(y1) == 1);
  release();
  CHECK(value_of(x2) == 3);
  CHECK(version("x") == 2);
}

TEST_CASE_FIXTURE(fixture, "an entity stopped with a persist in flight and a command stashed "
                           "answers both unavailable") {
  start(true);
  auto first = send("c1", 1);
  run(); // activated, recovered, its append parked in the writer
  auto second = send("c1", 2);
  run(); // stashed behind the persist
  REQUIRE_FALSE(first->has_value());
  REQUIRE_FALSE(second->has_value());
  // The registry ends (a crash under supervision): it stops its entities, which answer what they
  // hold. The registry is not on the reply path, so nothing else would.
  caf::anon_send_exit(reg, caf::exit_reason::kill);
  run();
  for (auto* o : {&first, &second}) {
    REQUIRE((*o)->has_value());
    REQUIRE_FALSE((*o)->value());
    CHECK(code_of((*o)->value().error()) == errc::unavailable);
  }
}

TEST_CASE_FIXTURE(fixture, "an append unanswered past the persist timeout fails its command with "
                           "timeout and the stash unavailable; the next command recovers") {
  opts.persist_timeout = 10s;
  start(true);
  auto stuck = send("s", 1);
  run(); // its append parked in the writer: a disk that does not answer
  auto stashed = send("s", 2);
  run();
  advance(5s); // the registry's first check: not overdue yet
  REQUIRE_FALSE(stuck->has_value());
  advance(5s);
  CHECK(error_code(stuck) == errc::timeout);
  CHECK(error_code(stashed) == errc::unavailable);
  CHECK(counts().active == 0);
  release(); // committed late: the outcome was unknown, not a refusal
  auto next = send("s", 4);
  run();
  release();
  CHECK(value_of(next) == 5); // the successor recovered the late event
  CHECK(version("s") == 2);
}

TEST_CASE_FIXTURE(fixture, "a writer crash during a persist fails the command with unavailable; "
                           "after the restart the entity recovers and goes on") {
  supervisor_options so;
  so.seed = 1;
  child_spec spec;
  spec.name = "event-writer";
  spec.start = [db = db](caf::actor_system& sys) -> caf::expected<caf::actor> {
    return sys.spawn(test_writer, db, true);
  };
  auto tree = spawn_supervisor(*sys, so, {spec});
  run();
  start_registry(tree.child("event-writer"));
  auto done = send("a", 1);
  run();
  auto proxy = tree.child("event-writer");
  caf::anon_send(proxy, release_atom::value);
  run();
  CHECK(value_of(done) == 1);
  auto lost = send("a", 2);
  auto stashed = send("a", 3);
  run();
  caf::anon_send(proxy, crash_atom::value);
  run();
  CHECK(error_code(lost) == errc::unavailable);
  CHECK(error_code(stashed) == errc::unavailable);
  fire_next_timer(); // the writer's restart
  auto later = send("a", 4);
  run();
  caf::anon_send(proxy, release_atom::value);
  run();
  CHECK(value_of(later) == 5);
  CHECK(version("a") == 2);
  caf::anon_send_exit(tree.supervisor, caf::exit_reason::user_shutdown);
  run();
}

namespace {

// A task that keeps working until finished: remembered while it runs.
struct task_aggregate {
  struct state_type {
    bool running = false;
  };
  struct event_type {
    bool finish = false;
  };
  using command_type = increment; // amount 1: start, anything else: finish
  using reply_type = uint64_t;
  static constexpr const char* type = "task";
  static constexpr const char* snapshot_type = "colors.events.TestPayload";
  static constexpr uint32_t snapshot_schema = 1;

  static caf::expected<std::vector<event_type>> decide(const state_type&, const increment& c) {
    return std::vector<event_type>{event_type{c.amount != 1}};
  }
  static state_type evolve(state_type, const event_type& e) { return {!e.finish}; }
  static events::new_event encode(const event_type& e) {
    return events::testing::test_event(e.finish ? "finish" : "start");
  }
  static caf::expected<event_type> decode(const events::envelope& env) {
    events::TestPayload p;
    p.ParseFromString(env.payload());
    return event_type{p.writer() == "finish"};
  }
  static std::string encode_state(const state_type& s) {
    return events::testing::test_payload(s.running ? "start" : "finish", 0);
  }
  static caf::expected<state_type> decode_state(const std::string& bytes) {
    events::TestPayload p;
    p.ParseFromString(bytes);
    return state_type{p.writer() == "start"};
  }
  static uint64_t reply(const state_type& s) { return s.running ? 1 : 0; }
  static bool remembered(const state_type& s) { return s.running; }
};

} // namespace

TEST_CASE_FIXTURE(fixture, "remembered entities are re-activated when their registry restarts "
                           "and do not passivate when idle") {
  opts.idle_timeout = 1min;
  writer = sys->spawn(test_writer, db, false);
  auto ctx = std::make_shared<entity_context>();
  ctx->db = [db = db] { return db; };
  ctx->writer = writer;
  ctx->opts = opts;
  reg = sys->spawn(registry<task_aggregate>, ctx);
  auto t1 = ask<uint64_t>(*sys, reg, command_atom::value, std::string{"t1"}, increment{1});
  auto t2 = ask<uint64_t>(*sys, reg, command_atom::value, std::string{"t2"}, increment{1});
  auto t2_done = ask<uint64_t>(*sys, reg, command_atom::value, std::string{"t2"}, increment{2});
  run();
  CHECK(value_of(t1) == 1);
  CHECK(value_of(t2_done) == 0);
  advance(1min); // t2 passivates, t1 keeps running
  CHECK(counts().active == 1);
  CHECK(*remembered_ids(*db, "task") == std::vector<std::string>{"t1"});
  caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
  run();
  reg = sys->spawn(registry<task_aggregate>, ctx);
  run();
  auto c = counts();
  CHECK(c.active == 1); // t1, with no message sent to it
  CHECK(c.passivated == 0);
}
