#include "api/tryon_quota.hpp"

#include <doctest/doctest.h>

#include <vector>

using colors::api::tryon_quota;

TEST_CASE("the try-on quota counts holds beside the listed tasks, per user, until given back") {
  auto quota = std::make_shared<tryon_quota>(3);
  size_t listed = 1;
  auto count = [&] { return listed; };
  std::vector<std::shared_ptr<void>> holds;
  holds.push_back(quota->hold("u1", count));
  holds.push_back(quota->hold("u1", count));
  CHECK(holds[0]);
  CHECK(holds[1]);
  CHECK_FALSE(quota->hold("u1", count)); // 1 listed + 2 held
  CHECK(quota->hold("u2", [] { return size_t{0}; }));
  holds.pop_back(); // given back before it was listed: the create failed
  auto again = quota->hold("u1", count);
  CHECK(again);
  listed = 2; // the read model lists it now; its hold is still out (counted twice, never zero times)
  CHECK_FALSE(quota->hold("u1", count));
  again.reset();
  holds.clear();
  CHECK(quota->hold("u1", count)); // 2 listed, none held
  CHECK(quota->per_day() == 3);
  CHECK_FALSE(std::make_shared<tryon_quota>(0)->hold("u1", [] { return size_t{0}; }));
}

TEST_CASE("a hold keeps its quota alive") {
  auto quota = std::make_shared<tryon_quota>(1);
  auto hold = quota->hold("u1", [] { return size_t{0}; });
  REQUIRE(hold);
  quota.reset();
  hold.reset(); // gives back to the quota it kept alive
}
