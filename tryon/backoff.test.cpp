#include "tryon/backoff.hpp"

#include <doctest/doctest.h>

using namespace colors::tryon;
using ms = std::chrono::milliseconds;

TEST_CASE("the backoff ceiling doubles per failure and stops at the maximum") {
  CHECK(backoff_ceiling(0, ms{500}, ms{30'000}) == ms{500});
  CHECK(backoff_ceiling(1, ms{500}, ms{30'000}) == ms{1000});
  CHECK(backoff_ceiling(3, ms{500}, ms{30'000}) == ms{4000});
  CHECK(backoff_ceiling(6, ms{500}, ms{30'000}) == ms{30'000});
  CHECK(backoff_ceiling(1000, ms{500}, ms{30'000}) == ms{30'000});
}

TEST_CASE("full jitter draws between zero and the ceiling") {
  CHECK(full_jitter(2, ms{500}, ms{30'000}, 0.0) == ms{0});
  CHECK(full_jitter(2, ms{500}, ms{30'000}, 0.5) == ms{1000});
  CHECK(full_jitter(2, ms{500}, ms{30'000}, 0.999) <= ms{2000});
  CHECK(full_jitter(2, ms{500}, ms{30'000}, 7.0) == ms{2000}); // clamped
}

TEST_CASE("the concurrency pause is never shorter than its ceiling") {
  CHECK(pause_jitter(0, ms{1000}, ms{30'000}, 0.0) == ms{1000});
  CHECK(pause_jitter(1, ms{1000}, ms{30'000}, 0.0) == ms{2000});
  CHECK(pause_jitter(1, ms{1000}, ms{30'000}, 1.0) == ms{2500});
  CHECK(pause_jitter(20, ms{1000}, ms{30'000}, 0.0) == ms{30'000});
}
