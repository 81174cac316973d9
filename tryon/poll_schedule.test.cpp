#include "tryon/poll_schedule.hpp"

#include <doctest/doctest.h>

using namespace colors::tryon;
using std::chrono::seconds;

TEST_CASE("without callbacks polls back off from the first delay to the longest") {
  poll_plan plan{seconds{2}, seconds{15}, seconds{60}};
  CHECK(poll_delay(plan, 0, false) == seconds{2});
  CHECK(poll_delay(plan, 1, false) == seconds{4});
  CHECK(poll_delay(plan, 2, false) == seconds{8});
  CHECK(poll_delay(plan, 3, false) == seconds{15});
  CHECK(poll_delay(plan, 40, false) == seconds{15}); // no overflow however many polls
}

TEST_CASE("while callbacks arrive every poll waits the quiet delay") {
  poll_plan plan{seconds{2}, seconds{15}, seconds{60}};
  CHECK(poll_delay(plan, 0, true) == seconds{60});
  CHECK(poll_delay(plan, 5, true) == seconds{60});
}

TEST_CASE("callbacks count as arriving for the quiet delay after the last one") {
  poll_plan plan{seconds{2}, seconds{15}, seconds{60}};
  caf::timestamp now{seconds{1000}};
  CHECK_FALSE(callbacks_arrive(plan, std::nullopt, now));
  CHECK(callbacks_arrive(plan, now - seconds{59}, now));
  CHECK_FALSE(callbacks_arrive(plan, now - seconds{60}, now));
}
