#include "tryon/sim_validate.hpp"
#include "tryon/sim_composite.hpp"

#include "common/base64.hpp"
#include "media/garment_art.hpp"
#include "media/test_images.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::tryon;
using namespace colors::media::testing;

namespace {

create_task_request with_images(const std::string& human, const std::string& cloth) {
  create_task_request r;
  r.human_image = base64_encode(human);
  r.cloth_image = base64_encode(cloth);
  return r;
}

int refusal(const std::variant<sim_inputs, sim_error>& v) {
  return std::holds_alternative<sim_error>(v) ? std::get<sim_error>(v).code : 0;
}

std::string message(const std::variant<sim_inputs, sim_error>& v) {
  return std::get<sim_error>(v).message;
}

} // namespace

TEST_CASE("valid JPEG and PNG inputs decode to their bytes") {
  auto human = jpeg_of(400, 600);
  auto cloth = png_of(300, 300);
  auto ok = validate_create(with_images(human, cloth));
  REQUIRE(refusal(ok) == 0);
  CHECK(std::get<sim_inputs>(ok).human == human);
  CHECK(std::get<sim_inputs>(ok).cloth == cloth);
}

TEST_CASE("invalid inputs answer 1201 with the reason") {
  auto good = jpeg_of(400, 600);
  auto r = with_images(good, good);
  SUBCASE("a data: prefix") {
    r.human_image = "data:image/jpeg;base64," + r.human_image;
    CHECK(refusal(validate_create(r)) == 1201);
    CHECK(message(validate_create(r)).find("valid base64") != std::string::npos);
  }
  SUBCASE("a missing image") {
    r.cloth_image.clear();
    CHECK(message(validate_create(r)).find("cloth_image is required") != std::string::npos);
  }
  SUBCASE("not Base64") {
    r.human_image = "@@@";
    CHECK(refusal(validate_create(r)) == 1201);
  }
  SUBCASE("too small") {
    r.cloth_image = base64_encode(jpeg_of(299, 600));
    CHECK(message(validate_create(r)).find("300 px") != std::string::npos);
  }
  SUBCASE("a GIF") {
    auto gif = std::string{"GIF89a"};
    gif.append(100, '\0'); // append, not +: GCC 12 warns falsely on string + string
    r.human_image = base64_encode(gif);
    CHECK(message(validate_create(r)).find("JPG or PNG") != std::string::npos);
  }
  SUBCASE("a WebP") {
    r.human_image = base64_encode(webp_of(400, 400));
    CHECK(refusal(validate_create(r)) == 1201);
  }
  SUBCASE("over 10 MB") {
    r.human_image = base64_encode(good + std::string(10'000'001, '\0'));
    CHECK(message(validate_create(r)).find("10 MB") != std::string::npos);
  }
  SUBCASE("an unknown model") {
    r.model_name = "kolors-virtual-try-on-v9";
    CHECK(refusal(validate_create(r)) == 1201);
  }
}

TEST_CASE("compositing changes the person photo in the torso region only") {
  auto person = jpeg_of(600, 900);
  auto garment = media::render_garment({});
  REQUIRE(garment);
  auto result = composite_try_on(person, *garment);
  REQUIRE(result);
  CHECK(result->substr(0, 2) == "\xFF\xD8");
  auto out = decoded(*result);
  auto in = decoded(person);
  CHECK(out.width() == 600);
  CHECK(out.height() == 900);
  auto diff = (out.cast(VIPS_FORMAT_INT) - in.cast(VIPS_FORMAT_INT)).abs();
  auto box = torso_of(600, 900);
  constexpr int margin = 16; // JPEG blocks across the box edge
  auto above = diff.extract_area(0, 0, 600, box.top - margin);
  auto below_top = box.top + box.height + margin;
  auto below = diff.extract_area(0, below_top, 600, 900 - below_top);
  auto left = diff.extract_area(0, 0, box.left - margin, 900);
  auto inside = diff.extract_area(box.left, box.top, box.width, box.height);
  CHECK(above.avg() < 2.0);
  CHECK(below.avg() < 2.0);
  CHECK(left.avg() < 2.0);
  CHECK(inside.avg() > 15.0);
}

TEST_CASE("compositing refuses bytes that are not an image") {
  CHECK_FALSE(composite_try_on("not an image", jpeg_of(300, 300)));
}
