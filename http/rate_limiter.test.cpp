#include "http/rate_limiter.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace colors::http;
using namespace std::chrono_literals;

namespace {

rate_limiter_options one_class(double per_second, double burst) {
  rate_limiter_options o;
  o.classes = {{"login", {per_second, burst}}};
  return o;
}

int allowed_in_a_row(rate_limiter& l, std::string_view key, rate_limiter::clock::time_point t) {
  int n = 0;
  while (l.take("login", key, t))
    ++n;
  return n;
}

const auto t0 = rate_limiter::clock::time_point{} + 1000h;

} // namespace

TEST_CASE("a fresh bucket allows its burst at once, then refuses with the time to the next token") {
  rate_limiter l{one_class(2, 5)};
  CHECK(allowed_in_a_row(l, "ip-1", t0) == 5);
  auto refused = l.take("login", "ip-1", t0);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after == 500ms); // 2 per second: one token every 500 ms
}

TEST_CASE("tokens come back at the configured rate and never beyond the burst") {
  rate_limiter l{one_class(2, 5)};
  CHECK(allowed_in_a_row(l, "ip-1", t0) == 5);
  CHECK_FALSE(l.take("login", "ip-1", t0 + 499ms));
  CHECK(l.take("login", "ip-1", t0 + 500ms));
  CHECK_FALSE(l.take("login", "ip-1", t0 + 500ms));
  CHECK(allowed_in_a_row(l, "ip-1", t0 + 1500ms) == 2);
  CHECK(allowed_in_a_row(l, "ip-1", t0 + 1h) == 5);
}

TEST_CASE("the retry hint covers a partly refilled token") {
  rate_limiter l{one_class(0.2, 1)}; // one every 5 s
  CHECK(l.take("login", "a", t0));
  auto refused = l.take("login", "a", t0 + 1s);
  CHECK_FALSE(refused);
  CHECK(refused.retry_after == 4000ms);
}

TEST_CASE("keys and classes have separate buckets; unknown classes are not limited") {
  rate_limiter_options o;
  o.classes = {{"login", {1, 1}}, {"tryon", {1, 1}}};
  rate_limiter l{o};
  CHECK(l.take("login", "a", t0));
  CHECK_FALSE(l.take("login", "a", t0));
  CHECK(l.take("login", "b", t0));
  CHECK(l.take("tryon", "a", t0));
  CHECK(l.limits("login"));
  CHECK_FALSE(l.limits("request"));
  for (int i = 0; i < 100; ++i)
    CHECK(l.take("request", "a", t0));
  CHECK(l.bucket_count() == 3);
}

TEST_CASE("buckets that have refilled are forgotten, so idle keys cost no memory") {
  auto o = one_class(1, 2);
  o.sweep_interval = 1s;
  o.shards = 1; // sweeps are per shard, on the shard's next take
  rate_limiter l{o};
  for (int i = 0; i < 100; ++i)
    CHECK(l.take("login", "ip-" + std::to_string(i), t0));
  CHECK(l.bucket_count() == 100);
  CHECK(l.take("login", "ip-0", t0 + 500ms)); // too soon to sweep; half-full buckets stay
  CHECK(l.bucket_count() == 100);
  // Two seconds later every bucket is full again: the next take forgets them.
  CHECK(l.take("login", "late", t0 + 2s));
  CHECK(l.bucket_count() == 1);
}

TEST_CASE("the number of buckets stays under the cap even when every key is busy") {
  auto o = one_class(1, 1);
  o.max_buckets = 64;
  o.shards = 4;
  rate_limiter l{o};
  for (int i = 0; i < 10'000; ++i)
    (void)l.take("login", "ip-" + std::to_string(i), t0);
  CHECK(l.bucket_count() <= 64);
}

TEST_CASE("concurrent takers never get more than the burst plus what refills") {
  rate_limiter l{one_class(1e-6, 1000)}; // practically no refill during the test
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (l.take("login", "shared"))
          ++allowed;
        (void)l.take("login", "own-" + std::to_string(i)); // other shards, other locks
      }
    });
  for (auto& t : threads)
    t.join();
  CHECK(allowed == 1000);
}

TEST_CASE("the default classes are configured") {
  rate_limiter l{default_rate_limits()};
  for (auto c : {"request", "login", "mutation", "tryon"})
    CHECK_MESSAGE(l.limits(c), c);
}
