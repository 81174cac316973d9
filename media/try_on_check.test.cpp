#include "media/try_on_check.hpp"

#include <doctest/doctest.h>

using namespace colors::media;

TEST_CASE("a 1000x1200 JPEG of 2 MB is ready for try-on") {
  auto c = check_try_on(image_format::jpeg, 1000, 1200, 2'000'000);
  CHECK(c.ready);
  CHECK(c.issues.empty());
}

TEST_CASE("every missed Kling limit is reported in its own sentence") {
  auto c = check_try_on(image_format::webp, 299, 800, 10'000'001);
  CHECK_FALSE(c.ready);
  REQUIRE(c.issues.size() == 3);
  CHECK(c.issues[0].find("JPEG or PNG") != std::string::npos);
  CHECK(c.issues[1].find("10 MB") != std::string::npos);
  CHECK(c.issues[2].find("299x800") != std::string::npos);
}

TEST_CASE("exactly 300 px a side and exactly 10 MB pass") {
  CHECK(check_try_on(image_format::png, 300, 300, 10'000'000).ready);
}
