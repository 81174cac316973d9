#include "projections/live_feed.hpp"
#include "projections/topic_hub.hpp"

#include "actors/store_holder.hpp"
#include "common/errc.hpp"
#include "events/client.hpp"
#include "events/failing_fs.hpp"
#include "events/test_support.hpp"

#include <caf/all.hpp>
#include <doctest/doctest.h>
#include <rocksdb/file_system.h>

#include <condition_variable>
#include <mutex>

using namespace colors;
using namespace colors::projections;
using namespace colors::events;
using namespace colors::events::testing;
using namespace std::chrono_literals;

namespace {

// What a listener saw: (stream, version) pairs, in order.
struct seen {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<std::string, uint64_t>> events;

  topic_hub::listener listener() {
    return [this](const envelope& env) {
      std::lock_guard lock{mutex};
      events.emplace_back(env.stream_id(), env.stream_version());
      changed.notify_all();
    };
  }
  bool wait_for(size_t n) {
    std::unique_lock lock{mutex};
    return changed.wait_for(lock, 10s, [&] { return events.size() >= n; });
  }
  size_t size() {
    std::lock_guard lock{mutex};
    return events.size();
  }
};

envelope event_at(uint64_t seq, std::string stream, uint64_t version) {
  envelope env;
  env.set_global_seq(seq);
  env.set_stream_id(std::move(stream));
  env.set_stream_version(version);
  return env;
}

caf::expected<append_result> append_to(caf::scoped_actor& self, const caf::actor& writer,
                                       const std::string& stream) {
  return append_blocking(self, writer, stream, expected_version::any(), {test_event()});
}

// Appends until one succeeds: right after a failed write the writer may still be restarting.
bool append_eventually(caf::scoped_actor& self, const caf::actor& writer, const std::string& s) {
  for (int i = 0; i < 200; ++i) {
    if (append_to(self, writer, s))
      return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

} // namespace

TEST_CASE("the hub calls only the listeners of an event's stream, in order, and skips events "
          "before its position") {
  auto hub = topic_hub::create(5);
  seen a, b;
  auto sub_a = hub->subscribe("a", a.listener());
  auto sub_b = hub->subscribe("b", b.listener());
  hub->publish({event_at(4, "a", 1), event_at(5, "a", 2), event_at(6, "b", 1), event_at(7, "a", 3)});
  CHECK(a.events == std::vector<std::pair<std::string, uint64_t>>{{"a", 2}, {"a", 3}});
  CHECK(b.events == std::vector<std::pair<std::string, uint64_t>>{{"b", 1}});
  CHECK(hub->position() == 8);
  hub->publish({event_at(7, "a", 3)});
  CHECK(a.size() == 2);
}

TEST_CASE("dropping a subscription unsubscribes it, also from inside a listener") {
  auto hub = topic_hub::create(1);
  seen a;
  auto sub = hub->subscribe("a", a.listener());
  std::shared_ptr<topic_hub::subscription> self_removing;
  int calls = 0;
  self_removing = hub->subscribe("a", [&](const envelope&) {
    ++calls;
    self_removing.reset();
  });
  CHECK(hub->listeners() == 2);
  hub->publish({event_at(1, "a", 1), event_at(2, "a", 2)});
  CHECK(calls == 1);
  CHECK(a.size() == 2);
  sub.reset();
  CHECK(hub->listeners() == 0);
  CHECK(hub->topics() == 0);
}

TEST_CASE("the live feed delivers committed events of a topic as they are appended") {
  temp_dir dir;
  store_options so;
  so.path = dir.path();
  auto holder = std::make_shared<actors::store_holder>(so);
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto tree = actors::spawn_supervisor(sys, {}, {actors::writer_child(holder)});
  auto writer = tree.child("event-writer");
  caf::scoped_actor self{sys};
  REQUIRE(append_to(self, writer, "before-1")); // history is not replayed to live listeners

  auto hub = topic_hub::create(holder->current()->last_seq() + 1);
  seen product;
  auto sub = hub->subscribe("product-1", product.listener());
  auto feed = live_feed_child(holder, writer, hub).start(sys);
  REQUIRE(feed);
  for (int i = 0; i < 3; ++i) {
    REQUIRE(append_to(self, writer, "product-1"));
    REQUIRE(append_to(self, writer, "product-2"));
  }
  REQUIRE(product.wait_for(3));
  CHECK(product.events == std::vector<std::pair<std::string, uint64_t>>{
                            {"product-1", 1}, {"product-1", 2}, {"product-1", 3}});
  self->send_exit(*feed, caf::exit_reason::user_shutdown);
  self->send_exit(tree.supervisor, caf::exit_reason::user_shutdown);
}

TEST_CASE("after a failed write the feed releases the old store, the writer reopens it, and "
          "later events still arrive without a gap") {
  temp_dir dir;
  std::atomic<bool> failing{false};
  auto env = rocksdb::NewCompositeEnv(std::make_shared<failing_wal_fs>(failing));
  store_options so;
  so.path = dir.path();
  so.env = env.get();
  auto holder = std::make_shared<actors::store_holder>(so);
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  actors::supervisor_options opts;
  opts.initial_backoff = 5ms;
  opts.max_restarts = 50;
  auto tree = actors::spawn_supervisor(sys, opts, {actors::writer_child(holder)});
  auto writer = tree.child("event-writer");
  auto hub = topic_hub::create(1);
  seen topic;
  auto sub = hub->subscribe("t", topic.listener());
  live_feed_options fo;
  fo.check_every = 20ms;
  auto feed = live_feed_child(holder, writer, hub, {}, fo).start(sys);
  REQUIRE(feed);
  caf::scoped_actor self{sys};
  REQUIRE(append_to(self, writer, "t"));
  REQUIRE(topic.wait_for(1));

  failing = true;
  CHECK_FALSE(append_to(self, writer, "t"));
  failing = false;
  REQUIRE(append_eventually(self, writer, "t"));
  REQUIRE(append_to(self, writer, "t"));
  REQUIRE(topic.wait_for(3));
  CHECK(topic.events == std::vector<std::pair<std::string, uint64_t>>{{"t", 1}, {"t", 2}, {"t", 3}});
  self->send_exit(*feed, caf::exit_reason::user_shutdown);
  self->send_exit(tree.supervisor, caf::exit_reason::user_shutdown);
}
