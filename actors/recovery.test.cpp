#include "actors/registry.hpp"
#include "actors/supervisor.hpp"
#include "actors/test_support.hpp"
#include "domain/counter.hpp"
#include "events/test_support.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::actors;
using namespace colors::actors::testing;
using domain::counter::increment;

namespace {

// A person whose name events changed schema: v1 had one `name`, v2 (current) splits it.
struct person_aggregate {
  struct state_type {
    std::string first;
    std::string last;
  };
  using event_type = events::TestRenamed;
  using command_type = increment; // unused: a person here is read-only
  using reply_type = std::string;
  static constexpr const char* type = "person";
  static constexpr const char* snapshot_type = "colors.events.TestRenamed";
  static constexpr uint32_t snapshot_schema = 2;

  static caf::expected<std::vector<event_type>> decide(const state_type&, const increment&) {
    return make_error(errc::invalid_argument, "read-only");
  }
  static state_type evolve(state_type, const event_type& e) {
    return {e.first_name(), e.last_name()};
  }
  static events::new_event encode(const event_type& e) {
    return events::make_event("colors.events.TestRenamed", e.SerializeAsString(), 2);
  }
  static caf::expected<event_type> decode(const events::envelope& env) {
    event_type e;
    if (env.schema_version() != 2 || !e.ParseFromString(env.payload()))
      return make_error(errc::corrupt, "not a current TestRenamed");
    return e;
  }
  static std::string encode_state(const state_type& s) {
    event_type e;
    e.set_first_name(s.first);
    e.set_last_name(s.last);
    return e.SerializeAsString();
  }
  static caf::expected<state_type> decode_state(const std::string& bytes) {
    event_type e;
    e.ParseFromString(bytes);
    return state_type{e.first_name(), e.last_name()};
  }
  static std::string reply(const state_type& s) { return s.first + "|" + s.last; }
};

caf::expected<std::string> renamed_v1_to_v2(std::string_view bytes) {
  events::TestRenamedV1 v1;
  if (!v1.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return make_error(errc::corrupt, "not a TestRenamed v1 payload");
  events::TestRenamed v2;
  auto space = v1.name().find(' ');
  v2.set_first_name(v1.name().substr(0, space));
  if (space != std::string::npos)
    v2.set_last_name(v1.name().substr(space + 1));
  return v2.SerializeAsString();
}

// Recovery readers run on the deterministic scheduler, not on threads of their own.
std::shared_ptr<entity_context> context_for(std::shared_ptr<events::store> db,
                                            entity_options opts = {}) {
  auto ctx = std::make_shared<entity_context>();
  ctx->db = [db] { return db; };
  ctx->opts = opts;
  ctx->opts.recovery_readers = 0;
  return ctx;
}

} // namespace

TEST_CASE("recovery applies stored events upcast to the current schema") {
  deterministic t;
  events::testing::temp_dir dir;
  {
    auto old = events::testing::open_store(dir.path()); // written by the old code
    events::TestRenamedV1 v1;
    v1.set_name("Ada Lovelace");
    auto ev = events::make_event("colors.events.TestRenamed", v1.SerializeAsString(), 1);
    REQUIRE(events::testing::commit_one(
      *old, {stream_of<person_aggregate>("p1"), events::expected_version::no_stream(), {ev}}));
  }
  events::store_options so;
  auto ups = std::make_shared<events::upcaster_registry>();
  ups->add("colors.events.TestRenamed", 1, renamed_v1_to_v2);
  so.upcasters = ups;
  std::shared_ptr<events::store> db = events::testing::open_store(dir.path(), so);
  auto reg = t.sys->spawn(registry<person_aggregate>, context_for(db));
  auto name = ask<std::string>(*t.sys, reg, query_atom::value, std::string{"p1"});
  t.run();
  REQUIRE(name->has_value());
  REQUIRE(name->value());
  CHECK(*name->value() == "Ada|Lovelace");
  caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
  t.run();
}

TEST_CASE("no more than max_recovering entities recover at once") {
  deterministic t;
  events::testing::temp_dir dir;
  std::shared_ptr<events::store> db = events::testing::open_store(dir.path());
  entity_options opts;
  opts.max_recovering = 1;
  auto ctx = context_for(db, opts);
  auto recoveries = std::make_shared<int>(0); // each recovery asks for the store once
  ctx->db = [db, recoveries] {
    ++*recoveries;
    return db;
  };
  auto reg = t.sys->spawn(registry<domain::counter::aggregate>, ctx);
  t.run();
  *recoveries = 0; // the registry's own look for remembered entities
  for (auto id : {"a", "b", "c"})
    caf::anon_send(reg, query_atom::value, std::string{id});
  REQUIRE(t.sched->jobs.size() == 1); // only the registry has mail
  while (t.sched->prioritize(reg))    // the registry handles all three, nobody else runs
    t.sched->run_once();
  CHECK(t.sched->jobs.size() == 4);   // three entities, each with its query, and the reader
  auto* registry_job = dynamic_cast<caf::resumable*>(caf::actor_cast<caf::abstract_actor*>(reg));
  t.sched->run_jobs_filtered([&](caf::resumable* job) { return job != registry_job; });
  CHECK(*recoveries == 1); // the others wait for the registry to hand out the slot again
  t.run();
  CHECK(*recoveries == 3);
  auto c = ask<node_info>(*t.sys, reg, inspect_atom::value);
  t.run();
  REQUIRE(c->has_value());
  CHECK(c->value()->entities.at(0).active == 3); // the others recovered in turn
  caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
  t.run();
}

TEST_CASE("an inspected tree shows each registry's active and passivated entities") {
  deterministic t;
  events::testing::temp_dir dir;
  std::shared_ptr<events::store> db = events::testing::open_store(dir.path());
  supervisor_options so;
  so.name = "entities";
  auto tree = spawn_supervisor(
    *t.sys, so, {registry_child<domain::counter::aggregate>("counters", context_for(db))});
  t.run();
  caf::anon_send(tree.child("counters"), query_atom::value, std::string{"a"});
  caf::anon_send(tree.child("counters"), query_atom::value, std::string{"b"});
  t.run();
  auto info = ask<node_info>(*t.sys, tree.supervisor, inspect_atom::value);
  t.run();
  REQUIRE(info->has_value());
  const auto& root = *info->value();
  REQUIRE(root.children.size() == 1);
  CHECK(root.children[0].kind == "registry");
  CHECK(root.children[0].mailbox_size == 0);
  REQUIRE(root.children[0].entities.size() == 1);
  CHECK(root.children[0].entities[0].type == "counter");
  CHECK(root.children[0].entities[0].active == 2);
  CHECK(to_json(root).find(R"("entities":[{"type":"counter","active":2,"passivated":0}])")
        != std::string::npos);
  caf::anon_send_exit(tree.supervisor, caf::exit_reason::user_shutdown);
  t.run();
}
