#include "domain/colour.hpp"

#include <doctest/doctest.h>

using namespace colors::domain::colour;

TEST_CASE("sRGB converts to CIE Lab (D65) like the reference values") {
  auto white = to_lab(0xffffff);
  CHECK(white.l == doctest::Approx(100).epsilon(0.001));
  CHECK(std::abs(white.a) < 0.01);
  auto red = to_lab(0xff0000);
  CHECK(red.l == doctest::Approx(53.24).epsilon(0.01));
  CHECK(red.a == doctest::Approx(80.09).epsilon(0.01));
  CHECK(red.b == doctest::Approx(67.20).epsilon(0.01));
  auto navy = to_lab(0x000080);
  CHECK(navy.l == doctest::Approx(12.98).epsilon(0.02));
}

TEST_CASE("colours fall into the family a shopper would name") {
  CHECK(family_of(0x000000) == "black");
  CHECK(family_of(0xffffff) == "white");
  CHECK(family_of(0x808080) == "grey");
  CHECK(family_of(0x1f2a5c) == "blue");   // navy
  CHECK(family_of(0x4682b4) == "blue");   // steel blue
  CHECK(family_of(0xc0392b) == "red");
  CHECK(family_of(0x800020) == "red");    // burgundy
  CHECK(family_of(0xff8c00) == "orange");
  CHECK(family_of(0xf4d03f) == "yellow");
  CHECK(family_of(0x2e8b57) == "green");
  CHECK(family_of(0x808000) == "green");  // olive
  CHECK(family_of(0x6b3fa0) == "purple");
  CHECK(family_of(0xffb6c1) == "pink");
  CHECK(family_of(0x8b4513) == "brown");
  CHECK(family_of(0xe8dcc4) == "beige");
}

TEST_CASE("hex text round-trips and malformed text is refused") {
  CHECK(to_hex(0x1f2a44) == "#1f2a44");
  CHECK(from_hex("#1F2A44") == 0x1f2a44u);
  CHECK_FALSE(from_hex("1f2a44"));
  CHECK_FALSE(from_hex("#1f2a4"));
  CHECK_FALSE(from_hex("#1f2a4g"));
}
