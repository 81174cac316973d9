#include "tryon/circuit_breaker.hpp"

#include <doctest/doctest.h>

using namespace colors::tryon;
using ms = std::chrono::milliseconds;

namespace {

const circuit_breaker::time_point t0{std::chrono::seconds{100}};

circuit_breaker opened() {
  circuit_breaker b{3, ms{1000}};
  for (int i = 0; i < 3; ++i) {
    REQUIRE(b.allow(t0));
    b.on_failure(t0);
  }
  REQUIRE(b.state(t0) == circuit_state::open);
  return b;
}

} // namespace

TEST_CASE("the circuit stays closed until the threshold of failures in a row") {
  circuit_breaker b{3, ms{1000}};
  b.on_failure(t0);
  b.on_failure(t0);
  CHECK(b.state(t0) == circuit_state::closed);
  b.on_success(); // resets the run
  b.on_failure(t0);
  b.on_failure(t0);
  CHECK(b.state(t0) == circuit_state::closed);
  CHECK(b.allow(t0));
  b.on_failure(t0);
  CHECK(b.state(t0) == circuit_state::open);
}

TEST_CASE("an open circuit refuses every call until the open time has passed") {
  auto b = opened();
  CHECK_FALSE(b.allow(t0));
  CHECK_FALSE(b.allow(t0 + ms{999}));
  CHECK(b.state(t0 + ms{1000}) == circuit_state::half_open);
}

TEST_CASE("half-open lets exactly one trial through; its success closes the circuit") {
  auto b = opened();
  auto later = t0 + ms{1000};
  CHECK(b.allow(later));
  CHECK_FALSE(b.allow(later));
  b.on_success();
  CHECK(b.state(later) == circuit_state::closed);
  CHECK(b.allow(later));
}

TEST_CASE("a failed trial opens the circuit for another open time") {
  auto b = opened();
  auto later = t0 + ms{1000};
  REQUIRE(b.allow(later));
  b.on_failure(later);
  CHECK(b.state(later + ms{999}) == circuit_state::open);
  CHECK_FALSE(b.allow(later + ms{999}));
  CHECK(b.allow(later + ms{1000}));
}

TEST_CASE("late failures of calls sent before the circuit opened do not extend the wait") {
  auto b = opened();
  b.on_failure(t0 + ms{500});
  CHECK(b.state(t0 + ms{1000}) == circuit_state::half_open);
}

TEST_CASE("state names are the ones stats and the docs use") {
  CHECK(to_string(circuit_state::closed) == "closed");
  CHECK(to_string(circuit_state::open) == "open");
  CHECK(to_string(circuit_state::half_open) == "half_open");
}
