#include "events/store.hpp"
#include "events/keys.hpp"
#include "events/test_support.hpp"
#include "events/verify.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace colors;
using namespace colors::events;
using namespace colors::events::testing;

TEST_CASE("an empty store has no events and unknown streams read as empty") {
  temp_dir dir;
  auto db = open_store(dir.path());
  CHECK(db->last_seq() == 0);
  CHECK(db->stream_version("nobody") == uint64_t{0});
  CHECK(db->read_stream("nobody", 1, 100)->empty());
  CHECK(db->read_all(1, 100)->empty());
  CHECK(db->read_all(1000, 100)->empty());
}

TEST_CASE("appends get gap-free global sequences and contiguous stream versions") {
  temp_dir dir;
  auto db = open_store(dir.path());
  auto a = commit_one(*db, request("cart-1", expected_version::no_stream(), 3));
  REQUIRE(a);
  CHECK(a->first_seq == 1);
  CHECK(a->last_seq == 3);
  CHECK(a->first_version == 1);
  CHECK(a->last_version == 3);
  auto b = commit_one(*db, request("cart-2", expected_version::any(), 1));
  REQUIRE(b);
  CHECK(b->first_seq == 4);
  CHECK(b->first_version == 1);
  auto c = commit_one(*db, request("cart-1", expected_version::exactly(3), 2));
  REQUIRE(c);
  CHECK(c->first_seq == 5);
  CHECK(c->last_version == 5);

  auto stream = db->read_stream("cart-1", 1, 100);
  REQUIRE(stream);
  REQUIRE(stream->size() == 5);
  for (uint64_t i = 0; i < 5; ++i)
    CHECK((*stream)[i].stream_version() == i + 1);
  CHECK((*stream)[3].global_seq() == 5);
  auto tail = db->read_stream("cart-1", 4, 100);
  REQUIRE(tail->size() == 2);
  CHECK(tail->front().stream_version() == 4);
  CHECK(db->read_stream("cart-1", 1, 2)->size() == 2);

  auto all = db->read_all(1, 100);
  REQUIRE(all->size() == 6);
  for (uint64_t i = 0; i < 6; ++i)
    CHECK((*all)[i].global_seq() == i + 1);
  CHECK(db->read_all(6, 100)->size() == 1);
  CHECK(db->read_all(7, 100)->empty());
  CHECK(verify_store(*db).ok());
}

TEST_CASE("a deferred commit is invisible to readers until its sync is published") {
  temp_dir dir;
  auto db = open_store(dir.path());
  REQUIRE(commit_one(*db, request("cart-1", expected_version::no_stream(), 1)));
  auto original = request("cart-1", expected_version::exactly(1), 2);
  for (auto& ev : original.events)
    ev.event_id = new_uuid();
  std::vector<append_request> batch{original};
  auto out = db->commit(batch, wal_sync::deferred);
  REQUIRE(out.results.front());
  CHECK(out.results.front()->first_seq == 2);
  CHECK(db->written_seq() == 3);
  CHECK(db->last_seq() == 1);
  CHECK(db->read_all(1, 100)->size() == 1);
  CHECK(db->read_stream("cart-1", 1, 100)->size() == 1);
  CHECK(*db->stream_version("cart-1") == 1);
  envelope env;
  auto cursor = db->scan(1);
  CHECK(cursor.next(env));
  CHECK_FALSE(cursor.next(env));

  // The writer's own view runs ahead: the next append continues the unsynced versions, and a
  // re-append of the unsynced events finds them.
  std::vector<append_request> next{request("cart-1", expected_version::exactly(3), 1)};
  REQUIRE(db->commit(next, wal_sync::deferred).results.front());
  std::vector<append_request> again{original};
  auto dup = db->commit(again, wal_sync::deferred).results.front();
  REQUIRE(dup);
  CHECK(dup->duplicate);
  CHECK(dup->first_seq == 2);

  REQUIRE_FALSE(db->sync_wal());
  db->publish_synced(3);
  CHECK(db->read_all(1, 100)->size() == 3);
  CHECK(*db->stream_version("cart-1") == 3);
  db->publish_synced(db->written_seq());
  CHECK(db->read_stream("cart-1", 1, 100)->size() == 4);
  CHECK(verify_store(*db).ok());
}

TEST_CASE("a stale expected version is a conflict that carries the current version") {
  temp_dir dir;
  auto db = open_store(dir.path());
  REQUIRE(commit_one(*db, request("order-9", expected_version::any(), 2)));
  auto stale = commit_one(*db, request("order-9", expected_version::exactly(1), 1));
  REQUIRE_FALSE(stale);
  CHECK(code_of(stale.error()) == errc::conflict);
  CHECK(current_version_of(stale.error()) == uint64_t{2});
  auto exists = commit_one(*db, request("order-9", expected_version::no_stream(), 1));
  REQUIRE_FALSE(exists);
  CHECK(code_of(exists.error()) == errc::conflict);
  CHECK(db->last_seq() == 2);
  CHECK(db->stream_version("order-9") == uint64_t{2});
}

TEST_CASE("re-appending the same event ids is idempotent") {
  temp_dir dir;
  auto db = open_store(dir.path());
  auto req = request("user-1", expected_version::no_stream(), 3);
  auto again = req;
  auto first = commit_one(*db, std::move(req));
  REQUIRE(first);
  REQUIRE(commit_one(*db, request("user-2", expected_version::any(), 1)));

  auto second = commit_one(*db, again);
  REQUIRE(second);
  CHECK(second->duplicate);
  CHECK(second->first_seq == first->first_seq);
  CHECK(second->last_seq == first->last_seq);
  CHECK(second->last_version == 3);
  CHECK(db->last_seq() == 4);

  SUBCASE("mixing stored ids with new ones is refused") {
    auto mixed = again;
    mixed.events.push_back(test_event());
    auto res = commit_one(*db, mixed);
    REQUIRE_FALSE(res);
    CHECK(code_of(res.error()) == errc::duplicate);
    CHECK(db->last_seq() == 4);
  }
  SUBCASE("the same first and last ids around a new middle event are refused") {
    auto middle = again;
    middle.events[1] = test_event();
    auto res = commit_one(*db, middle);
    REQUIRE_FALSE(res);
    CHECK(code_of(res.error()) == errc::duplicate);
    CHECK(db->last_seq() == 4);
  }
  SUBCASE("a stored id under another stream is refused") {
    auto moved = again;
    moved.stream_id = "user-3";
    auto res = commit_one(*db, moved);
    REQUIRE_FALSE(res);
    CHECK(code_of(res.error()) == errc::duplicate);
  }
  SUBCASE("the same id twice in one append is refused") {
    auto twice = request("user-4", expected_version::any(), 2);
    twice.events[1].event_id = twice.events[0].event_id;
    auto res = commit_one(*db, twice);
    REQUIRE_FALSE(res);
    CHECK(code_of(res.error()) == errc::invalid_argument);
    CHECK(db->stream_version("user-4") == uint64_t{0});
  }
}

TEST_CASE("a stored id is found whether it sorts before or after the newest id, across reopens") {
  temp_dir dir;
  auto low = request("low", expected_version::any(), 1);
  low.events[0].event_id = std::string(16, '\x01');
  auto high = request("high", expected_version::any(), 1);
  high.events[0].event_id = std::string(16, '\xfe');
  auto check_both = [&](store& db) {
    auto l = commit_one(db, low);
    REQUIRE(l);
    CHECK(l->duplicate);
    CHECK(l->first_seq == 1);
    auto h = commit_one(db, high);
    REQUIRE(h);
    CHECK(h->duplicate);
    CHECK(h->first_seq == 2);
    CHECK(db.last_seq() == 2);
  };
  {
    auto db = open_store(dir.path());
    REQUIRE(commit_one(*db, low));
    REQUIRE(commit_one(*db, high));
    check_both(*db); // in the memtable
  }
  {
    auto db = open_store(dir.path());
    check_both(*db); // recovered from the WAL
    REQUIRE_FALSE(db->flush());
    check_both(*db); // in a table file
  }
  auto db = open_store(dir.path());
  check_both(*db);
  auto between = request("low", expected_version::any(), 1);
  between.events[0].event_id = std::string(16, '\x7f');
  auto res = commit_one(*db, between);
  REQUIRE(res);
  CHECK_FALSE(res->duplicate);
  CHECK(res->first_seq == 3);
  CHECK(verify_store(*db).ok());
}

TEST_CASE("stream heads come from the index when the writer's cache has forgotten them") {
  temp_dir dir;
  store_options opts;
  opts.cached_stream_heads = 1;
  auto db = open_store(dir.path(), opts);
  REQUIRE(commit_one(*db, request("a", expected_version::no_stream(), 2)));
  REQUIRE(commit_one(*db, request("b", expected_version::no_stream(), 3)));
  auto stale = commit_one(*db, request("a", expected_version::exactly(1), 1));
  REQUIRE_FALSE(stale);
  CHECK(code_of(stale.error()) == errc::conflict);
  REQUIRE(commit_one(*db, request("a", expected_version::exactly(2), 1)));
  REQUIRE(commit_one(*db, request("b", expected_version::exactly(3), 1)));
  CHECK(db->stream_version("a") == uint64_t{3});
  CHECK(db->stream_version("b") == uint64_t{4});
  CHECK(db->stream_version("a\x01") == uint64_t{0});
  CHECK(verify_store(*db).ok());
}

TEST_CASE("a store of the older layout opens and drops its stream_heads family") {
  temp_dir dir;
  {
    auto db = open_store(dir.path());
    REQUIRE(commit_one(*db, request("a", expected_version::any(), 2)));
    rocksdb::ColumnFamilyHandle* heads = nullptr;
    REQUIRE(db->raw()->CreateColumnFamily({}, "stream_heads", &heads).ok());
    REQUIRE(db->raw()->Put({}, heads, "a", u64_be(2)).ok());
    REQUIRE(db->raw()->DestroyColumnFamilyHandle(heads).ok());
  }
  store_options read_only;
  read_only.read_only = true;
  CHECK(open_store(dir.path(), read_only)->stream_version("a") == uint64_t{2});
  auto db = open_store(dir.path());
  std::vector<std::string> families;
  REQUIRE(rocksdb::DB::ListColumnFamilies({}, dir.path(), &families).ok());
  CHECK(std::find(families.begin(), families.end(), "stream_heads") == families.end());
  REQUIRE(commit_one(*db, request("a", expected_version::exactly(2), 1)));
  CHECK(verify_store(*db).ok());
}

TEST_CASE("appends in one batch see each other and a failing one does not stop the rest") {
  temp_dir dir;
  auto db = open_store(dir.path());
  std::vector<append_request> batch;
  batch.push_back(request("s", expected_version::no_stream(), 2));
  batch.push_back(request("s", expected_version::exactly(2), 1));
  batch.push_back(request("s", expected_version::exactly(1), 1)); // stale
  batch.push_back(request("t", expected_version::any(), 1));
  auto again = batch[0];
  batch.push_back(again); // a re-append of an event of this very batch
  auto out = db->commit(batch);
  REQUIRE(out.results.size() == 5);
  CHECK(out.results[0]);
  CHECK(out.results[1]->first_version == 3);
  CHECK(code_of(out.results[2].error()) == errc::conflict);
  CHECK(out.results[3]->first_seq == 4);
  CHECK(out.results[4]->duplicate);
  CHECK(out.results[4]->first_seq == 1);
  CHECK(out.written.size() == 4);
  CHECK(verify_store(*db).ok());
}

TEST_CASE("malformed and oversized appends get a clear error and write nothing") {
  temp_dir dir;
  store_options opts;
  opts.max_events_per_append = 10;
  opts.max_append_bytes = 1000;
  auto db = open_store(dir.path(), opts);

  auto check_refused = [&](append_request req, errc code, const char* words) {
    auto res = commit_one(*db, std::move(req));
    REQUIRE_FALSE(res);
    CHECK(code_of(res.error()) == code);
    CHECK(message_of(res.error()).find(words) != std::string::npos);
  };
  check_refused(request("s", expected_version::any(), 0), errc::invalid_argument, "no events");
  check_refused(request("s", expected_version::any(), 11), errc::too_large, "over the limit of 10");
  auto big = request("s", expected_version::any(), 1);
  big.events[0].payload.assign(1001, 'x');
  check_refused(big, errc::too_large, "payload bytes");
  check_refused(request("", expected_version::any(), 1), errc::invalid_argument, "empty");
  check_refused(request(std::string("a\0b", 3), expected_version::any(), 1),
                errc::invalid_argument, "NUL");
  auto bad_id = request("s", expected_version::any(), 1);
  bad_id.events[0].event_id = "short";
  check_refused(bad_id, errc::invalid_argument, "16 bytes");
  auto no_type = request("s", expected_version::any(), 1);
  no_type.events[0].type.clear();
  check_refused(no_type, errc::invalid_argument, "type");
  CHECK(db->last_seq() == 0);
}

TEST_CASE("the store reopens where it stopped") {
  temp_dir dir;
  {
    auto db = open_store(dir.path());
    REQUIRE(commit_one(*db, request("a", expected_version::any(), 5)));
  }
  auto db = open_store(dir.path());
  CHECK(db->last_seq() == 5);
  CHECK(db->stream_version("a") == uint64_t{5});
  auto next = commit_one(*db, request("a", expected_version::exactly(5), 1));
  REQUIRE(next);
  CHECK(next->first_seq == 6);
}

TEST_CASE("a second open of a held data dir is refused with a clear error") {
  temp_dir dir;
  auto db = open_store(dir.path());
  store_options opts;
  opts.path = dir.path();
  auto second = store::open(opts);
  REQUIRE_FALSE(second);
  CHECK(code_of(second.error()) == errc::locked);
  CHECK(message_of(second.error()).find(dir.path()) != std::string::npos);
}

TEST_CASE("a read-only open of a missing store says so") {
  temp_dir dir;
  store_options opts;
  opts.path = dir.path() + "/nothing-here";
  opts.read_only = true;
  auto db = store::open(opts);
  REQUIRE_FALSE(db);
  CHECK(code_of(db.error()) == errc::not_found);
}

TEST_CASE("a corrupt record is an error naming its key, never a crash or a skip") {
  temp_dir dir;
  auto db = open_store(dir.path());
  REQUIRE(commit_one(*db, request("a", expected_version::any(), 3)));
  REQUIRE(db->raw()->Put({}, db->log_cf(), keys::log(2), "\x01garbage").ok());
  auto all = db->read_all(1, 10);
  REQUIRE_FALSE(all);
  CHECK(code_of(all.error()) == errc::corrupt);
  CHECK(message_of(all.error()).find("log/2") != std::string::npos);
  auto stream = db->read_stream("a", 1, 10);
  REQUIRE_FALSE(stream);
  CHECK(message_of(stream.error()).find("log/2") != std::string::npos);
  auto report = verify_store(*db);
  CHECK_FALSE(report.ok());
  CHECK(report.problems.front().find("log/2") != std::string::npos);
}

TEST_CASE("verify finds an index that disagrees with the log") {
  temp_dir dir;
  auto db = open_store(dir.path());
  REQUIRE(commit_one(*db, request("a", expected_version::any(), 3)));
  REQUIRE(db->raw()->Delete({}, db->streams_cf(), keys::stream_entry("a", 2)).ok());
  REQUIRE(db->raw()->Put({}, db->streams_cf(), keys::stream_entry("a", 7), u64_be(3)).ok());
  REQUIRE(db->raw()->Put({}, db->dedupe_cf(), keys::event_id(std::string(16, 'z')), u64_be(2)).ok());
  auto report = verify_store(*db);
  CHECK_FALSE(report.ok());
  CHECK(report.problem_count >= 4);
  CHECK(to_json(report).find("\"ok\":false") != std::string::npos);
}

TEST_CASE("snapshots: the latest loads and only the newest K are kept") {
  temp_dir dir;
  store_options opts;
  opts.snapshots_to_keep = 3;
  auto db = open_store(dir.path(), opts);
  CHECK_FALSE(db->load_snapshot("cart-1")->has_value());
  for (uint64_t v : {10, 20, 30, 40, 50}) {
    SnapshotRecord snap;
    snap.set_stream_id("cart-1");
    snap.set_stream_version(v);
    snap.set_state("state@" + std::to_string(v));
    REQUIRE_FALSE(db->save_snapshot(snap));
  }
  SnapshotRecord other;
  other.set_stream_id("cart-10");
  other.set_stream_version(99);
  REQUIRE_FALSE(db->save_snapshot(other));
  auto latest = db->load_snapshot("cart-1");
  REQUIRE(latest->has_value());
  CHECK((*latest)->stream_version() == 50);
  CHECK((*latest)->state() == "state@50");
  CHECK(*db->snapshot_versions("cart-1") == std::vector<uint64_t>{30, 40, 50});
  CHECK((*db->load_snapshot("cart-10"))->stream_version() == 99);
  CHECK_FALSE(db->load_snapshot("cart")->has_value());
}

TEST_CASE("checkpoints are saved in the same batch as their read-model writes") {
  temp_dir dir;
  auto db = open_store(dir.path());
  CHECK(db->load_checkpoint("catalog") == uint64_t{0});
  auto cf = db->read_model("catalog");
  REQUIRE(cf);
  rocksdb::WriteBatch batch;
  batch.Put(*cf, "product-1", "{\"name\":\"Linen shirt\"}");
  REQUIRE_FALSE(db->save_checkpoint("catalog", 42, &batch));
  db.reset();
  db = open_store(dir.path());
  CHECK(db->load_checkpoint("catalog") == uint64_t{42});
  auto reopened = db->read_model("catalog");
  REQUIRE(reopened);
  std::string value;
  REQUIRE(db->raw()->Get({}, *reopened, "product-1", &value).ok());
  CHECK(value == "{\"name\":\"Linen shirt\"}");
}

TEST_CASE("idempotency keys expire and compaction drops them") {
  temp_dir dir;
  auto db = open_store(dir.path());
  REQUIRE_FALSE(db->dedupe_put("pay-1", "order-7", 0));
  REQUIRE_FALSE(db->dedupe_put("pay-2", "order-8", 1));
  CHECK(*db->dedupe_get("pay-1") == std::optional<std::string>{"order-7"});
  CHECK_FALSE(db->dedupe_get("missing")->has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK_FALSE(db->dedupe_get("pay-2")->has_value());
  REQUIRE(db->raw()->Flush({}, db->dedupe_cf()).ok());
  REQUIRE(db->raw()->CompactRange({}, db->dedupe_cf(), nullptr, nullptr).ok());
  std::string raw;
  CHECK(db->raw()->Get({}, db->dedupe_cf(), keys::idempotency("pay-2"), &raw).IsNotFound());
  CHECK(db->raw()->Get({}, db->dedupe_cf(), keys::idempotency("pay-1"), &raw).ok());
  CHECK(code_of(db->dedupe_put("", "x", 0)) == errc::invalid_argument);
}

TEST_CASE("a log cursor streams the log from any position") {
  temp_dir dir;
  auto db = open_store(dir.path());
  for (int i = 0; i < 10; ++i)
    REQUIRE(commit_one(*db, request("s" + std::to_string(i % 3), expected_version::any(), 10)));
  auto cursor = db->scan(42);
  envelope env;
  uint64_t expected = 42;
  while (cursor.next(env))
    CHECK(env.global_seq() == expected++);
  CHECK_FALSE(cursor.error());
  CHECK(expected == 101);
}
