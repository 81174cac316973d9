#include "media/garment_art.hpp"

#include "media/process.hpp"
#include "media/test_images.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>
#include <vips/vips8>

using namespace colors;
using namespace colors::media;
using namespace colors::media::testing;

TEST_CASE("every garment kind renders an image that passes processing and Kling's check") {
  for (auto kind : garment_kinds()) {
    CAPTURE(to_string(kind));
    garment_spec spec;
    spec.kind = kind;
    auto bytes = render_garment(spec);
    REQUIRE_MESSAGE(bytes, (bytes ? "" : message_of(bytes.error())));
    auto img = process_upload(*bytes);
    REQUIRE_MESSAGE(img, (img ? "" : message_of(img.error())));
    CHECK(img->original.width == 800);
    CHECK(img->original.height == 1000);
    CHECK(img->try_on.ready);
  }
}

TEST_CASE("a garment is its colour in the middle on a white background") {
  garment_spec spec;
  spec.kind = garment_kind::t_shirt;
  spec.colour = {200, 30, 40};
  spec.format = image_format::png;
  auto bytes = render_garment(spec);
  REQUIRE(bytes);
  auto img = decoded(*bytes);
  auto corner = img.getpoint(5, 5);
  CHECK(corner[0] > 240);
  CHECK(corner[1] > 240);
  auto middle = img.getpoint(400, 550);
  CHECK(middle[0] > 140);
  CHECK(middle[1] < 60);
}

TEST_CASE("the same spec gives the same bytes; another pattern gives others") {
  garment_spec spec;
  spec.kind = garment_kind::dress;
  spec.pattern = fabric_pattern::dots;
  auto a = render_garment(spec);
  auto b = render_garment(spec);
  REQUIRE((a && b));
  CHECK(*a == *b);
  for (auto pattern : {fabric_pattern::stripes, fabric_pattern::checks, fabric_pattern::plain}) {
    spec.pattern = pattern;
    auto other = render_garment(spec);
    REQUIRE(other);
    CHECK(*other != *a);
  }
}

TEST_CASE("sizes below Kling's minimum are refused") {
  garment_spec spec;
  spec.width = 200;
  auto out = render_garment(spec);
  REQUIRE_FALSE(out);
  CHECK(code_of(out.error()) == errc::invalid_argument);
}

TEST_CASE("garment kinds have names that parse back") {
  for (auto kind : garment_kinds())
    CHECK(parse_garment_kind(to_string(kind)).value() == kind);
  CHECK_FALSE(parse_garment_kind("cape"));
}
