#include "events/writer.hpp"
#include "events/client.hpp"
#include "events/failing_fs.hpp"
#include "events/test_support.hpp"
#include "events/verify.hpp"
#include "common/errc.hpp"

#include <caf/all.hpp>
#include <doctest/doctest.h>
#include <rocksdb/file_system.h>

#include <atomic>
#include <thread>

using namespace colors;
using namespace colors::events;
using namespace colors::events::testing;

namespace {

caf::actor_system_config& test_config() {
  static caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", 2);
  return cfg;
}

writer_stats stats_of(caf::scoped_actor& self, const caf::actor& writer) {
  writer_stats out;
  self->request(writer, caf::infinite, stats_atom::value)
    .receive([&](writer_stats& s) { out = s; }, [](caf::error&) { FAIL("no stats"); });
  return out;
}

// A store on a disk whose WAL fails on demand (failing_fs.hpp).
struct failing_disk {
  temp_dir dir;
  std::atomic<bool> failing{false};
  std::unique_ptr<rocksdb::Env> env;
  store_options opts;

  explicit failing_disk(wal_failure what) {
    env = rocksdb::NewCompositeEnv(std::make_shared<failing_wal_fs>(failing, what));
    opts.env = env.get();
  }
  std::shared_ptr<store> open() { return open_store(dir.path(), opts); }
};

// A writer on `db` in an actor system of its own, shut down with the scope.
struct writer_run {
  caf::actor_system sys{test_config()};
  caf::actor writer;
  caf::scoped_actor self{sys};

  explicit writer_run(std::shared_ptr<store> db) : writer(spawn_writer(sys, std::move(db))) {}
  ~writer_run() { self->send_exit(writer, caf::exit_reason::user_shutdown); }
};

} // namespace

TEST_CASE("64 concurrent appenders are all acknowledged through group commit") {
  temp_dir dir;
  std::shared_ptr<store> db = open_store(dir.path());
  caf::actor_system sys{test_config()};
  auto writer = spawn_writer(sys, db);
  constexpr int clients = 64;
  constexpr int appends_each = 20;
  std::atomic<int> acked{0};
  std::atomic<int> failed{0};
  for (int c = 0; c < clients; ++c) {
    // The stream is a spawn argument: CAF 0.17 dereferences a null argument tuple (UBSan
    // reports it) when a function actor is spawned without arguments.
    sys.spawn([=, &acked, &failed](caf::event_based_actor* self, std::string stream) {
      for (int i = 0; i < appends_each; ++i)
        self->request(writer, caf::infinite, append_atom::value, stream, expected_version::any(),
                      std::vector<new_event>{test_event(stream, i)})
          .then([&](const append_result&) { ++acked; }, [&](caf::error&) { ++failed; });
    }, "stream-" + std::to_string(c % 8));
  }
  for (int i = 0; i < 3000 && acked + failed < clients * appends_each; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(acked == clients * appends_each);
  CHECK(failed == 0);
  caf::scoped_actor self{sys};
  auto stats = stats_of(self, writer);
  CHECK(stats.appends == clients * appends_each);
  CHECK(stats.events == clients * appends_each);
  CHECK(db->last_seq() == clients * appends_each);
  CHECK(verify_store(*db).ok());
  self->send_exit(writer, caf::exit_reason::user_shutdown);
}

TEST_CASE("after a big batch, a lone append waits at most the gathering window") {
  temp_dir dir;
  std::shared_ptr<store> db = open_store(dir.path());
  caf::actor_system sys{test_config()};
  writer_options opts;
  opts.gather_window = std::chrono::milliseconds(50);
  auto writer = spawn_writer(sys, db, opts);
  caf::scoped_actor self{sys};
  // 16 appends sent before the writer can flush: one batch (the mailbox holds them all).
  for (int i = 0; i < 16; ++i)
    self->send(writer, append_atom::value, "burst", expected_version::any(),
               std::vector<new_event>{test_event()});
  for (int i = 0; i < 16; ++i)
    self->receive([](const append_result&) {}, [](caf::error& err) { FAIL(to_string(err)); });
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(append_blocking(self, writer, "lone", expected_version::any(), {test_event()}));
  auto waited = std::chrono::steady_clock::now() - t0;
  CHECK(waited < std::chrono::seconds(2)); // the window (50 ms) plus a sync, not a stall
  CHECK(db->last_seq() == 17);
  CHECK(verify_store(*db).ok());
  self->send_exit(writer, caf::exit_reason::user_shutdown);
}

TEST_CASE("the writer answers conflicts and validation errors without writing") {
  temp_dir dir;
  std::shared_ptr<store> db = open_store(dir.path());
  caf::actor_system sys{test_config()};
  auto writer = spawn_writer(sys, db);
  caf::scoped_actor self{sys};
  REQUIRE(append_blocking(self, writer, "cart-1", expected_version::no_stream(), {test_event()}));
  auto stale = append_blocking(self, writer, "cart-1", expected_version::no_stream(), {test_event()});
  REQUIRE_FALSE(stale);
  CHECK(code_of(stale.error()) == errc::conflict);
  CHECK(current_version_of(stale.error()) == uint64_t{1});
  auto empty = append_blocking(self, writer, "cart-1", expected_version::any(), {});
  REQUIRE_FALSE(empty);
  CHECK(code_of(empty.error()) == errc::invalid_argument);
  CHECK(db->last_seq() == 1);
  self->send_exit(writer, caf::exit_reason::user_shutdown);
}

TEST_CASE("an idempotent re-append through the writer returns the original positions") {
  temp_dir dir;
  std::shared_ptr<store> db = open_store(dir.path());
  caf::actor_system sys{test_config()};
  auto writer = spawn_writer(sys, db);
  caf::scoped_actor self{sys};
  std::vector<new_event> events{test_event(), test_event()};
  auto first = append_blocking(self, writer, "pay-1", expected_version::any(), events);
  auto again = append_blocking(self, writer, "pay-1", expected_version::any(), events);
  REQUIRE(first);
  REQUIRE(again);
  CHECK(again->duplicate);
  CHECK(again->first_seq == first->first_seq);
  CHECK(db->last_seq() == 2);
  self->send_exit(writer, caf::exit_reason::user_shutdown);
}

TEST_CASE("a write error fails the pending appends, acks nothing unwritten, and a reopen recovers") {
  failing_disk disk{wal_failure::appends_and_syncs};
  auto& failing = disk.failing;
  auto db = disk.open();
  {
    writer_run run{db};
    auto& self = run.self;
    auto& writer = run.writer;
    REQUIRE(append_blocking(self, writer, "a", expected_version::any(), {test_event()}));

    failing = true;
    auto res = append_blocking(self, writer, "a", expected_version::any(), {test_event()});
    REQUIRE_FALSE(res);
    CHECK(code_of(res.error()) == errc::storage);
    CHECK(message_of(res.error()).find("injected") != std::string::npos);
    CHECK(db->last_seq() == 1);
    CHECK(db->write_failed());

    failing = false;
    auto later = append_blocking(self, writer, "a", expected_version::any(), {test_event()});
    REQUIRE_FALSE(later);
    CHECK(code_of(later.error()) == errc::unavailable);
    CHECK(db->last_seq() == 1);
  }
  db.reset();
  db = disk.open();
  CHECK(db->last_seq() == 1);
  caf::actor_system sys{test_config()};
  auto writer = spawn_writer(sys, db);
  caf::scoped_actor self{sys};
  auto after = append_blocking(self, writer, "a", expected_version::exactly(1), {test_event()});
  REQUIRE_MESSAGE(after, (after ? "" : message_of(after.error())));
  CHECK(after->first_seq == 2);
  CHECK(verify_store(*db).ok());
  self->send_exit(writer, caf::exit_reason::user_shutdown);
}

TEST_CASE("a failed WAL sync fails the appends it was to cover and acks none of them") {
  failing_disk disk{wal_failure::syncs};
  auto db = disk.open();
  {
    writer_run run{db};
    REQUIRE(append_blocking(run.self, run.writer, "a", expected_version::any(), {test_event()}));
    disk.failing = true; // the write reaches the file; its fsync fails
    for (int i = 0; i < 8; ++i)
      run.self->send(run.writer, append_atom::value, "a", expected_version::any(),
                 std::vector<new_event>{test_event()});
    // The batch the sync was for fails with its cause. Appends of a later batch may meet the
    // store already refusing writes, or RocksDB refusing the next write after the failed sync
    // ("Writer has previous error") before the writer hears of the sync: every one fails
    // either way, and says which.
    int named_the_cause = 0;
    for (int i = 0; i < 8; ++i)
      run.self->receive([](const append_result&) { FAIL("an unsynced append was acknowledged"); },
                    [&](caf::error& err) {
                      CHECK((code_of(err) == errc::storage || code_of(err) == errc::unavailable));
                      auto text = message_of(err);
                      named_the_cause += text.find("injected sync failure") != std::string::npos
                                         || text.find("previous error") != std::string::npos;
                    });
    CHECK(named_the_cause == 8);
    CHECK(db->last_seq() == 1);
    CHECK(db->write_failed());
    CHECK(db->read_all(1, 100)->size() == 1);
    disk.failing = false;
    auto later = append_blocking(run.self, run.writer, "a", expected_version::any(), {test_event()});
    REQUIRE_FALSE(later);
    CHECK(code_of(later.error()) == errc::unavailable);
  }
  db.reset();
  db = disk.open(); // what was written unsynced may be found: never acked
  CHECK(db->last_seq() >= 1);
  CHECK(verify_store(*db).ok());
}

TEST_CASE("a failed WAL sync notifies no subscriber of the events it was to cover") {
  failing_disk disk{wal_failure::syncs};
  auto db = disk.open();
  writer_run run{db};
  caf::scoped_actor listener{run.sys};
  uint64_t from = 0;
  run.self->request(run.writer, caf::infinite, subscribe_atom::value, caf::actor{listener})
    .receive([&](uint64_t last) { from = last; }, [](caf::error&) { FAIL("no subscription"); });
  CHECK(from == 0);
  REQUIRE(append_blocking(run.self, run.writer, "a", expected_version::any(), {test_event()}));
  listener->receive([](committed_atom, const event_batch& batch) {
    REQUIRE(batch->size() == 1);
    CHECK(batch->front().global_seq() == 1);
  });
  disk.failing = true;
  REQUIRE_FALSE(append_blocking(run.self, run.writer, "a", expected_version::any(), {test_event()}));
  // The failed batch was written (its bytes may even survive), but never published: a
  // subscriber that saw it would run ahead of every reader and of a reopened store.
  bool notified = false;
  listener->receive([&](committed_atom, const event_batch&) { notified = true; },
                    caf::after(std::chrono::milliseconds(200)) >> [] {});
  CHECK_FALSE(notified);
  CHECK(db->last_seq() == 1);
}

TEST_CASE("a writer that stops syncs and answers what it wrote; every acknowledged append is durable") {
  temp_dir dir;
  std::vector<new_event> sent;
  std::vector<append_result> acked;
  {
    std::shared_ptr<store> db = open_store(dir.path());
    writer_run run{db};
    for (int i = 0; i < 50; ++i) {
      sent.push_back(test_event("w", i));
      run.self->send(run.writer, append_atom::value, "s" + std::to_string(i % 5),
                     expected_version::any(), std::vector<new_event>{sent.back()});
    }
    run.self->send_exit(run.writer, caf::exit_reason::user_shutdown);
    // Appends the writer had written are synced and acknowledged; the rest fail (the writer is
    // gone), none is left unanswered.
    for (int i = 0; i < 50; ++i)
      run.self->receive([&](const append_result& res) { acked.push_back(res); },
                        [](caf::error&) {},
                        caf::after(std::chrono::seconds(10)) >> [] { FAIL("an append was left unanswered"); });
  }
  auto db = open_store(dir.path());
  for (const auto& res : acked) {
    auto events = db->read_all(res.first_seq, 1);
    REQUIRE(events);
    REQUIRE(events->size() == 1);
    CHECK(events->front().global_seq() == res.first_seq);
  }
  CHECK(verify_store(*db).ok());
}
