#include "media/process.hpp"
#include "media/test_images.hpp"

#include "common/bytes.hpp"
#include "common/digest.hpp"
#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::media;
using namespace colors::media::testing;

namespace {

std::string message(const caf::expected<processed_image>& r) {
  return r ? std::string{"accepted"} : message_of(r.error());
}

} // namespace

TEST_CASE("a JPEG upload is stored re-encoded with three renditions that are never enlarged") {
  auto out = process_upload(jpeg_of(1200, 900));
  REQUIRE_MESSAGE(out, message(out));
  CHECK(out->format == image_format::jpeg);
  CHECK(out->original.width == 1200);
  CHECK(out->original.height == 900);
  CHECK(out->renditions.at("thumb").width == 256);
  CHECK(out->renditions.at("thumb").height == 192);
  CHECK(out->renditions.at("medium").width == 768);
  CHECK(out->renditions.at("large").width == 1200); // not enlarged to 2048
  auto thumb = decoded(out->renditions.at("thumb").bytes);
  CHECK(thumb.width() == 256);
  CHECK(out->try_on.ready);
  CHECK(out->try_on.issues.empty());
}

TEST_CASE("the content hash is the SHA-256 of the bytes as uploaded") {
  auto bytes = png_of(400, 400);
  auto out = process_upload(bytes);
  REQUIRE_MESSAGE(out, message(out));
  CHECK(out->sha256 == to_hex(sha256(bytes)));
  CHECK(out->sha256.size() == 64);
}

TEST_CASE("PNG stays PNG and WebP becomes JPEG") {
  auto png = process_upload(png_of(500, 400));
  REQUIRE_MESSAGE(png, message(png));
  CHECK(png->format == image_format::png);
  auto webp = process_upload(webp_of(500, 400));
  REQUIRE_MESSAGE(webp, message(webp));
  CHECK(webp->format == image_format::jpeg);
  CHECK(webp->try_on.ready);
}

TEST_CASE("a GIF is refused with the accepted formats named, whatever it claims to be") {
  auto out = process_upload(std::string{"GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14});
  REQUIRE_FALSE(out);
  CHECK(code_of(out.error()) == errc::invalid_argument);
  CHECK(message(out).find("GIF") != std::string::npos);
  CHECK(message(out).find("JPEG, PNG and WebP") != std::string::npos);
}

TEST_CASE("text is refused as not an image") {
  auto out = process_upload("hello, this is not an image at all");
  REQUIRE_FALSE(out);
  CHECK(code_of(out.error()) == errc::invalid_argument);
  CHECK(message(out).find("not an image") != std::string::npos);
}

TEST_CASE("a truncated JPEG is refused as damaged") {
  auto whole = jpeg_of(800, 600);
  auto out = process_upload(whole.substr(0, whole.size() / 2));
  REQUIRE_FALSE(out);
  CHECK(code_of(out.error()) == errc::invalid_argument);
  CHECK(message(out).find("damaged or incomplete") != std::string::npos);
}

TEST_CASE("a PNG whose header claims too many pixels is refused before decoding") {
  auto out = process_upload(png_claiming(20'000, 20'000), upload_limits{1 << 20, 40'000'000});
  REQUIRE_FALSE(out);
  CHECK(code_of(out.error()) == errc::too_large);
  CHECK(message(out).find("20000x20000") != std::string::npos);
  CHECK(message(out).find("megapixels") != std::string::npos);
}

TEST_CASE("the pixel limit comes from the configuration") {
  auto out = process_upload(png_of(400, 400), upload_limits{1 << 20, 100'000});
  REQUIRE_FALSE(out);
  CHECK(code_of(out.error()) == errc::too_large);
}

TEST_CASE("more bytes than the limit are refused") {
  auto bytes = jpeg_of(400, 400);
  auto out = process_upload(bytes, upload_limits{bytes.size() - 1, 40'000'000});
  REQUIRE_FALSE(out);
  CHECK(code_of(out.error()) == errc::too_large);
  CHECK(message(out).find("bytes") != std::string::npos);
}

TEST_CASE("a small image is stored but is not ready for try-on, with the reason") {
  auto out = process_upload(jpeg_of(200, 400));
  REQUIRE_MESSAGE(out, message(out));
  CHECK_FALSE(out->try_on.ready);
  REQUIRE(out->try_on.issues.size() == 1);
  CHECK(out->try_on.issues[0].find("300 px") != std::string::npos);
}

TEST_CASE("a very wide image is checked for try-on at its normalised size") {
  auto out = process_upload(jpeg_of(4000, 500));
  REQUIRE_MESSAGE(out, message(out));
  CHECK(out->renditions.at("large").width == 2048);
  CHECK(out->renditions.at("large").height == 256);
  CHECK_FALSE(out->try_on.ready);
}

SCENARIO("an upright photo with EXIF orientation and GPS data") {
  GIVEN("a 600x400 JPEG, red at its top-left, tagged 'rotate 90 clockwise' with a GPS position") {
    auto bytes = jpeg_with_exif(600, 400, 6);
    REQUIRE(bytes.find("GPSSECRET") != std::string::npos);
    REQUIRE(decoded(bytes).get_int("orientation") == 6);
    WHEN("it is processed") {
      auto out = process_upload(bytes);
      REQUIRE_MESSAGE(out, message(out));
      THEN("it is turned upright: 400x600 with the red corner now at the top right") {
        CHECK(out->original.width == 400);
        CHECK(out->original.height == 600);
        auto img = decoded(out->original.bytes);
        auto top_right = img.getpoint(390, 10);
        auto top_left = img.getpoint(10, 10);
        CHECK(top_right[0] > 180);
        CHECK(top_right[1] < 80);
        CHECK(top_left[0] < 160);
      }
      THEN("no metadata is left in the original or any rendition") {
        std::vector<const encoded_image*> all{&out->original};
        for (const auto& [name, r] : out->renditions)
          all.push_back(&r);
        for (const auto* e : all) {
          CHECK(e->bytes.find("GPSSECRET") == std::string::npos);
          CHECK(e->bytes.find("Exif") == std::string::npos);
          auto img = decoded(e->bytes);
          CHECK(img.get_typeof("exif-data") == 0);
          CHECK(img.get_typeof("icc-profile-data") == 0);
          CHECK(img.get_typeof("xmp-data") == 0);
        }
      }
    }
  }
}
