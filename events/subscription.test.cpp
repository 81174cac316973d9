#include "events/subscription.hpp"
#include "events/client.hpp"
#include "events/test_support.hpp"
#include "events/writer.hpp"

#include <caf/all.hpp>
#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

using namespace colors;
using namespace colors::events;
using namespace colors::events::testing;

namespace {

// Collects delivered sequences; test threads wait on it.
struct collector {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<uint64_t> seqs;

  void add(const event_batch& batch) {
    std::lock_guard<std::mutex> guard{mutex};
    for (const auto& env : *batch)
      seqs.push_back(env.global_seq());
    changed.notify_all();
  }

  // The sequences once `count` have arrived, or what arrived within 30 s.
  std::vector<uint64_t> wait_for(size_t count) {
    std::unique_lock<std::mutex> lock{mutex};
    changed.wait_for(lock, std::chrono::seconds(30), [&] { return seqs.size() >= count; });
    return seqs;
  }
};

caf::behavior sink(caf::event_based_actor*, std::shared_ptr<collector> out, int delay_us) {
  return {
    [=](events_atom, const event_batch& batch) {
      if (delay_us > 0)
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
      out->add(batch);
    },
  };
}

caf::actor_system_config& test_config() {
  static caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", 2);
  return cfg;
}

void append_many(caf::actor_system& sys, const caf::actor& writer, const std::string& stream,
                 int count) {
  caf::scoped_actor self{sys};
  for (int i = 0; i < count; ++i)
    REQUIRE(append_blocking(self, writer, stream, expected_version::any(), {test_event(stream, i)}));
}

void check_contiguous(const std::vector<uint64_t>& seqs, uint64_t from, size_t count) {
  REQUIRE(seqs.size() == count);
  for (size_t i = 0; i < count; ++i)
    if (seqs[i] != from + i)
      FAIL("expected " << from + i << " at position " << i << ", got " << seqs[i]);
}

struct fixture {
  temp_dir dir;
  std::shared_ptr<store> db = open_store(dir.path());
  caf::actor_system sys{test_config()};
  caf::actor writer = spawn_writer(sys, db);

  ~fixture() { caf::anon_send_exit(writer, caf::exit_reason::user_shutdown); }

  caf::actor start(std::shared_ptr<collector> out, subscription_options opts, int delay_us = 0) {
    auto s = sys.spawn(sink, out, delay_us);
    return subscribe(sys, db, writer, s, opts);
  }
};

} // namespace

TEST_CASE("a subscription catches up, then follows concurrent appends with no gap or duplicate") {
  fixture f;
  append_many(f.sys, f.writer, "before", 3000);
  auto out = std::make_shared<collector>();
  subscription_options opts;
  opts.batch_size = 100; // many catch-up rounds while appends race the hand-over
  auto sub = f.start(out, opts);
  std::vector<std::thread> appenders;
  for (int t = 0; t < 4; ++t)
    appenders.emplace_back([&, t] { append_many(f.sys, f.writer, "live-" + std::to_string(t), 500); });
  for (auto& t : appenders)
    t.join();
  check_contiguous(out->wait_for(5000), 1, 5000);
  caf::anon_send_exit(sub, caf::exit_reason::user_shutdown);
}

TEST_CASE("a subscription can start in the middle of the log") {
  fixture f;
  append_many(f.sys, f.writer, "s", 200);
  auto out = std::make_shared<collector>();
  subscription_options opts;
  opts.from_seq = 150;
  auto sub = f.start(out, opts);
  append_many(f.sys, f.writer, "s", 10);
  check_contiguous(out->wait_for(61), 150, 61);
  caf::anon_send_exit(sub, caf::exit_reason::user_shutdown);
}

TEST_CASE("a subscription from a future position waits for it") {
  fixture f;
  append_many(f.sys, f.writer, "s", 5);
  auto out = std::make_shared<collector>();
  subscription_options opts;
  opts.from_seq = 20;
  auto sub = f.start(out, opts);
  append_many(f.sys, f.writer, "s", 30);
  check_contiguous(out->wait_for(16), 20, 16);
  caf::anon_send_exit(sub, caf::exit_reason::user_shutdown);
}

TEST_CASE("a slow sink with a small live buffer still gets every event once, in order") {
  fixture f;
  auto out = std::make_shared<collector>();
  subscription_options opts;
  opts.max_buffered = 8; // overflows constantly: the store fills the gaps
  auto sub = f.start(out, opts, 300);
  std::vector<std::thread> appenders;
  for (int t = 0; t < 4; ++t)
    appenders.emplace_back([&, t] { append_many(f.sys, f.writer, "w" + std::to_string(t), 250); });
  for (auto& t : appenders)
    t.join();
  check_contiguous(out->wait_for(1000), 1, 1000);
  caf::anon_send_exit(sub, caf::exit_reason::user_shutdown);
}
