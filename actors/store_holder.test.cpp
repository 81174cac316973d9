#include "actors/store_holder.hpp"
#include "actors/atoms.hpp"
#include "common/errc.hpp"
#include "events/client.hpp"
#include "events/failing_fs.hpp"
#include "events/test_support.hpp"
#include "events/verify.hpp"

#include <caf/all.hpp>
#include <doctest/doctest.h>
#include <rocksdb/file_system.h>

#include <atomic>

using namespace colors;
using namespace colors::actors;
using namespace colors::events;
using namespace colors::events::testing;
using namespace std::chrono_literals;

namespace {

caf::expected<append_result> append_via(caf::scoped_actor& self, const caf::actor& writer) {
  caf::expected<append_result> out{append_result{}};
  self->request(writer, 10s, append_atom::value, std::string{"s"}, expected_version::any(),
                std::vector<new_event>{test_event()})
    .receive([&](append_result& r) { out = r; }, [&](caf::error& e) { out = std::move(e); });
  return out;
}

} // namespace

TEST_CASE("a failed write stops the supervised writer, its append fails, and after the restart "
          "on a reopened store later appends succeed") {
  temp_dir dir;
  std::atomic<bool> failing{false};
  auto env = rocksdb::NewCompositeEnv(std::make_shared<failing_wal_fs>(failing));
  store_options so;
  so.path = dir.path();
  so.env = env.get();
  auto holder = std::make_shared<store_holder>(so);
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", 2);
  caf::actor_system sys{cfg};
  supervisor_options opts;
  opts.initial_backoff = 1ms;
  auto tree = spawn_supervisor(sys, opts, {writer_child(holder)});
  auto writer = tree.child("event-writer");
  caf::scoped_actor self{sys};
  REQUIRE(append_via(self, writer));

  failing = true;
  auto failed = append_via(self, writer);
  REQUIRE_FALSE(failed);
  CHECK(code_of(failed.error()) == errc::storage);
  failing = false;

  // The first appends may meet the writer on its way down (unavailable); none may hang.
  caf::expected<append_result> later = make_error(errc::unavailable, "not tried");
  for (int i = 0; i < 100 && !later; ++i) {
    later = append_via(self, writer);
    if (!later)
      CHECK(code_of(later.error()) == errc::unavailable);
  }
  REQUIRE_MESSAGE(later, (later ? "" : message_of(later.error())));
  node_info info;
  self->request(tree.supervisor, 10s, inspect_atom::value)
    .receive([&](node_info& n) { info = std::move(n); }, [](caf::error&) { FAIL("no tree"); });
  REQUIRE(info.children.size() == 1);
  CHECK(info.children[0].restarts == 1);
  CHECK(info.children[0].last_failure.find("failed a write") != std::string::npos);
  CHECK(holder->current()->last_seq() == 2);
  CHECK(verify_store(*holder->current()).ok());
  self->send_exit(tree.supervisor, caf::exit_reason::user_shutdown);
}
