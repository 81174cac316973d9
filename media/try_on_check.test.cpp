#include "media/try_on_check.hpp"

#include "common/errc.hpp"

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

TEST_CASE("an image only for try-on that misses a limit is refused with the reason") {
  auto refused = require_try_on_ready(check_try_on(image_format::png, 200, 180, 50'000));
  REQUIRE(refused);
  CHECK(colors::code_of(refused) == colors::errc::invalid_argument);
  CHECK(colors::message_of(refused).find("300 px on each side; this image is 200x180 px")
        != std::string::npos);
  CHECK_FALSE(require_try_on_ready(check_try_on(image_format::jpeg, 300, 300, 1)));
}
