#include "media/garment_art.hpp"

#include "media/pipeline.hpp"
#include "media/vips_runtime.hpp"

#include "common/errc.hpp"

#include <cmath>

namespace colors::media {

namespace {

using vips::VImage;

constexpr int min_side = 300;
constexpr int max_side = 4000;

caf::error check(const garment_spec& spec) {
  if (spec.width < min_side || spec.height < min_side || spec.width > max_side
      || spec.height > max_side)
    return make_error(errc::invalid_argument, "garment images are 300 to 4000 px a side");
  if (spec.format != image_format::jpeg && spec.format != image_format::png)
    return make_error(errc::invalid_argument, "garment images are JPEG or PNG");
  return {};
}

std::vector<double> shade(rgb c, double factor) {
  return {c.r * factor, c.g * factor, c.b * factor};
}

// Owns its pixels (a copy of `pixels`, which may go away afterwards).
VImage image_of(std::vector<uint8_t>& pixels, int width, int height, int bands) {
  return VImage::new_from_memory(pixels.data(), pixels.size(), width, height, bands,
                                 VIPS_FORMAT_UCHAR)
      .copy_memory();
}

// Seams as doubled lines and buttons as discs, drawn onto the fabric.
void stitch(VImage& fabric, const garment_outline& outline, const garment_spec& spec) {
  auto ink = shade(spec.colour, 0.62);
  auto at = [&](point p) { return std::pair{int(p.x * spec.width), int(p.y * spec.height)}; };
  for (const auto& s : outline.details) {
    auto [x1, y1] = at(s.from);
    auto [x2, y2] = at(s.to);
    fabric.draw_line(ink, x1, y1, x2, y2);
    fabric.draw_line(ink, x1 + 1, y1 + 1, x2 + 1, y2 + 1);
  }
  int radius = std::max(4, spec.width / 90);
  for (const auto& b : outline.buttons) {
    auto [x, y] = at(b);
    fabric.draw_circle(shade(spec.colour, 0.4), x, y, radius, VImage::option()->set("fill", true));
  }
}

// Fabric inside the mask, darker towards the edges (a hint of volume), over white with a soft
// shadow below and to the right.
VImage compose(const VImage& fabric, const VImage& mask, const garment_spec& spec) {
  auto volume = mask.gaussblur(16) / 255.0 * 0.24 + 0.76;
  auto garment = fabric * volume;
  int offset = spec.width / 80;
  auto shadow = mask.gaussblur(12).embed(offset, offset + offset / 2, spec.width, spec.height);
  auto background = 255.0 - shadow / 255.0 * 38.0;
  auto alpha = mask.gaussblur(0.8) / 255.0;
  auto out = garment * alpha + background * (1.0 - alpha);
  return out.cast(VIPS_FORMAT_UCHAR)
      .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

caf::expected<VImage> draw(const garment_spec& spec) {
  auto outline = outline_of(spec.kind);
  auto mask_pixels = fill_mask(outline.body, spec.width, spec.height);
  auto fabric_pixels = weave(spec.pattern, spec.colour, spec.accent, spec.width, spec.height);
  try {
    auto mask = image_of(mask_pixels, spec.width, spec.height, 1);
    auto fabric = image_of(fabric_pixels, spec.width, spec.height, 3);
    stitch(fabric, outline, spec);
    return compose(fabric, mask, spec).copy_memory();
  } catch (const vips::VError& e) {
    return make_error(errc::invalid_argument,
                      std::string{"the garment could not be drawn: "} + e.what());
  }
}

} // namespace

caf::expected<std::string> render_garment(const garment_spec& spec) {
  if (auto err = check(spec))
    return err;
  if (auto err = start_vips())
    return err;
  auto img = draw(spec);
  if (!img)
    return img.error();
  auto encoded = encode(*img, spec.format);
  if (!encoded)
    return encoded.error();
  return std::move(encoded->bytes);
}

} // namespace colors::media
