#include "actors/persist_watch.hpp"
#include "actors/test_support.hpp"

#include <doctest/doctest.h>

using colors::actors::persist_watch;
using namespace std::chrono_literals;

namespace {

caf::actor some_actor(caf::actor_system& sys) {
  return sys.spawn([](caf::event_based_actor*, int) -> caf::behavior { return {[](int) {}}; },
                   colors::actors::testing::no_args);
}

} // namespace

TEST_CASE("persist watch: ended appends are never overdue; the others are, once, in order") {
  colors::actors::testing::deterministic env;
  auto entity = some_actor(*env.sys);
  persist_watch watch;
  auto t0 = persist_watch::clock::now();
  auto a = watch.begin(entity, t0 + 10s);
  auto b = watch.begin(entity, t0 + 11s);
  auto c = watch.begin(entity, t0 + 12s);
  CHECK(a == 1);
  CHECK(c == 3);
  CHECK(watch.in_flight() == 3);
  watch.end(b); // answered in time, though an older one is still out
  CHECK(watch.in_flight() == 2);
  CHECK(watch.take_overdue(t0 + 9s).empty());
  auto late = watch.take_overdue(t0 + 11s);
  REQUIRE(late.size() == 1);
  CHECK(late[0].ticket == a);
  CHECK(late[0].entity == entity);
  watch.end(a); // the reply arrives after all: nothing left to end
  CHECK(watch.in_flight() == 1);
  auto d = watch.begin(entity, t0 + 20s);
  watch.end(c);
  CHECK(watch.in_flight() == 1);
  auto last = watch.take_overdue(t0 + 30s);
  REQUIRE(last.size() == 1);
  CHECK(last[0].ticket == d);
  CHECK(watch.take_overdue(t0 + 40s).empty());
  CHECK(watch.in_flight() == 0);
  caf::anon_send_exit(entity, caf::exit_reason::user_shutdown);
  env.run();
}
