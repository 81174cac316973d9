#include "media/process_result.hpp"
#include "media/test_images.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::media;
using namespace colors::media::testing;

TEST_CASE("a result JPEG is kept as it came; renditions it fits are the same bytes") {
  auto bytes = jpeg_of(360, 480);
  auto out = process_result(bytes);
  REQUIRE(out);
  CHECK(out->format == image_format::jpeg);
  CHECK(out->original.bytes == bytes);
  CHECK(out->original.width == 360);
  CHECK(out->original.height == 480);
  CHECK(out->renditions.at("medium").bytes == bytes);
  CHECK(out->renditions.at("large").bytes == bytes);
  CHECK(out->sha256.size() == 64);
  // The thumbnail is made after the result is stored, off the path to SUCCEEDED.
  CHECK_FALSE(out->renditions.contains("thumb"));
  REQUIRE(out->renditions_to_make == std::vector<std::string>{"thumb"});
  auto made = make_renditions(bytes, out->renditions_to_make);
  REQUIRE(made);
  REQUIRE(made->size() == 1);
  const auto& thumb = made->at("thumb");
  CHECK(thumb.bytes != bytes);
  CHECK(thumb.height == 256);
  CHECK(thumb.width == 192);
  CHECK(decoded(thumb.bytes).width() == 192);
}

TEST_CASE("a large result PNG gets its large rendition now and the smaller ones made later, in PNG") {
  auto bytes = png_of(2400, 1200);
  auto out = process_result(bytes);
  REQUIRE(out);
  CHECK(out->format == image_format::png);
  CHECK(out->original.bytes == bytes);
  CHECK(out->renditions.at("large").width == 2048);
  CHECK(out->renditions.at("large").bytes != bytes);
  CHECK(out->renditions_to_make == std::vector<std::string>{"thumb", "medium"});
  auto made = make_renditions(bytes, out->renditions_to_make);
  REQUIRE(made);
  CHECK(made->at("medium").width == 768);
  CHECK(made->at("thumb").width == 256);
  CHECK(sniff_format(made->at("thumb").bytes) == image_format::png);
  CHECK_FALSE(make_renditions(bytes, {"huge"}));
  CHECK_FALSE(make_renditions("not an image", {"thumb"}));
}

TEST_CASE("a damaged, oversized or rotated result is refused or re-encoded like an upload") {
  auto bytes = jpeg_of(360, 480);
  auto truncated = process_result(std::string_view{bytes}.substr(0, bytes.size() / 2));
  REQUIRE_FALSE(truncated);
  CHECK(code_of(truncated.error()) == errc::invalid_argument);
  CHECK_FALSE(process_result("<html>not an image</html>"));
  auto big = process_result(bytes, {.max_bytes = 100, .max_pixels = 40'000'000});
  REQUIRE_FALSE(big);
  CHECK(code_of(big.error()) == errc::too_large);
  auto many = process_result(bytes, {.max_bytes = 1 << 20, .max_pixels = 1000});
  REQUIRE_FALSE(many);
  CHECK(code_of(many.error()) == errc::too_large);
}

TEST_CASE("a result with an EXIF rotation is turned upright and re-encoded, like an upload") {
  auto bytes = jpeg_with_exif(360, 480, 6); // rotate 90 degrees clockwise to view
  auto out = process_result(bytes);
  REQUIRE(out);
  CHECK(out->original.bytes != bytes);
  CHECK(out->original.width == 480);
  CHECK(out->original.height == 360);
}
