#include "tryon/sim_composite.hpp"

#include "common/errc.hpp"
#include "media/pipeline.hpp"
#include "media/vips_runtime.hpp"

#include <algorithm>

namespace colors::tryon {

namespace {

using vips::VImage;

caf::expected<VImage> decode_rgb(std::string_view bytes, std::string_view what) {
  auto format = media::sniff_format(bytes);
  if (!format)
    return make_error(errc::invalid_argument,
                      std::string{what} + ": " + message_of(format.error()));
  auto img = media::decode_strictly(bytes, *format, {});
  if (!img)
    return img.error();
  VImage out = *img;
  if (out.has_alpha())
    out = out.flatten(VImage::option()->set("background", std::vector<double>{255, 255, 255}));
  if (out.bands() < 3)
    out = out.colourspace(VIPS_INTERPRETATION_sRGB);
  return out.cast(VIPS_FORMAT_UCHAR);
}

// 255 where the garment is, 0 on its (near-)white background, softened at the edges.
VImage garment_mask(const VImage& garment) {
  auto grey = garment.colourspace(VIPS_INTERPRETATION_B_W);
  return (grey < 235).gaussblur(1.2).cast(VIPS_FORMAT_UCHAR);
}

VImage lay_over(const VImage& person, VImage garment) {
  auto box = torso_of(person.width(), person.height());
  double scale =
      std::min(double(box.width) / garment.width(), double(box.height) / garment.height());
  garment = garment.resize(scale);
  int w = std::min(garment.width(), box.width);
  int h = std::min(garment.height(), box.height);
  garment = garment.extract_area(0, 0, w, h);
  int left = (person.width() - w) / 2;
  auto region = person.extract_area(left, box.top, w, h);
  auto mask = garment_mask(garment);
  auto blended = (garment * mask + region * (255 - mask)) / 255;
  return person.insert(blended.cast(VIPS_FORMAT_UCHAR), left, box.top);
}

} // namespace

torso_box torso_of(int width, int height) {
  torso_box box;
  box.width = std::max(1, width / 2);
  box.height = std::max(1, height * 2 / 5);
  box.left = (width - box.width) / 2;
  box.top = height * 22 / 100;
  return box;
}

caf::expected<std::string> composite_try_on(std::string_view person, std::string_view garment) {
  if (auto err = media::start_vips())
    return err;
  auto body = decode_rgb(person, "human_image");
  if (!body)
    return body.error();
  auto cloth = decode_rgb(garment, "cloth_image");
  if (!cloth)
    return cloth.error();
  try {
    auto out = media::encode(lay_over(*body, *cloth), media::image_format::jpeg);
    if (!out)
      return out.error();
    return std::move(out->bytes);
  } catch (const vips::VError& e) {
    return make_error(errc::invalid_argument, std::string{"compositing failed: "} + e.what());
  }
}

} // namespace colors::tryon
