#include "tryon/kling_transfer.hpp"

#include <doctest/doctest.h>

using namespace colors::tryon;

TEST_CASE("percent-encoding keeps unreserved characters and encodes the rest") {
  CHECK(percent_encode("abcXYZ019-._~") == "abcXYZ019-._~");
  CHECK(percent_encode("a b/c?d=e&f") == "a%20b%2Fc%3Fd%3De%26f");
  CHECK(percent_encode("\xC3\xA9") == "%C3%A9");
  CHECK(percent_encode("") == "");
}

TEST_CASE("a transfer caps its response body") {
  transfer_spec spec;
  spec.url = "http://127.0.0.1:1/";
  spec.max_bytes = 10;
  auto t = make_transfer(spec);
  REQUIRE(t);
  CHECK(t->max_bytes == 10);
  CHECK(t->body.empty());
}
