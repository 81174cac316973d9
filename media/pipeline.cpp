#include "media/pipeline.hpp"

#include "media/vips_runtime.hpp"

#include "common/errc.hpp"

#include <algorithm>
#include <cstdint>

namespace colors::media {

namespace {

using vips::VImage;

caf::error damaged(image_format format) {
  return make_error(errc::invalid_argument,
                    "The " + std::string{name_of(format)}
                        + " image is damaged or incomplete (truncated upload?); it could not be"
                          " decoded.");
}

caf::error check_pixels(const VImage& img, const upload_limits& limits) {
  auto pixels = uint64_t(img.width()) * uint64_t(img.height());
  if (pixels <= limits.max_pixels)
    return {};
  return make_error(
      errc::too_large,
      "The image is " + std::to_string(img.width()) + "x" + std::to_string(img.height()) + " px ("
          + std::to_string(pixels / 1'000'000) + " megapixels); at most "
          + std::to_string(limits.max_pixels / 1'000'000) + " megapixels are accepted.");
}

// sRGB (or grey) with 8 bits per band: embedded ICC profiles are applied, since they are
// stripped on save.
VImage to_srgb(VImage img) {
  if (img.get_typeof("icc-profile-data") != 0) {
    try {
      img = img.icc_transform("srgb", VImage::option()->set("embedded", true));
    } catch (const vips::VError&) {
      // A broken profile: keep the pixels as they are rather than refuse the image.
    }
  }
  auto kind = img.interpretation();
  if (kind == VIPS_INTERPRETATION_GREY16)
    img = img.colourspace(VIPS_INTERPRETATION_B_W);
  else if (kind != VIPS_INTERPRETATION_sRGB && kind != VIPS_INTERPRETATION_B_W)
    img = img.colourspace(VIPS_INTERPRETATION_sRGB);
  if (img.format() != VIPS_FORMAT_UCHAR)
    img = img.cast(VIPS_FORMAT_UCHAR);
  return img;
}

std::string take_blob(VipsBlob* blob) {
  size_t size = 0;
  auto* data = static_cast<const char*>(vips_blob_get(blob, &size));
  std::string out{data, size};
  vips_area_unref(VIPS_AREA(blob));
  return out;
}

} // namespace

caf::expected<VImage> decode_strictly(std::string_view bytes, image_format format,
                                      const upload_limits& limits) {
  VImage img;
  try {
    img = VImage::new_from_buffer(bytes.data(), bytes.size(), "",
                                  VImage::option()->set("fail_on", VIPS_FAIL_ON_ERROR));
  } catch (const vips::VError&) {
    return damaged(format);
  }
  if (auto err = check_pixels(img, limits))
    return err;
  try {
    return to_srgb(img.autorot()).copy_memory();
  } catch (const vips::VError&) {
    return damaged(format);
  }
}

caf::expected<sniffed_image> sniff_and_decode(std::string_view bytes, const upload_limits& limits) {
  auto format = sniff_format(bytes);
  if (!format)
    return format.error();
  if (auto err = start_vips())
    return err;
  auto img = decode_strictly(bytes, *format, limits);
  if (!img)
    return img.error();
  return sniffed_image{*format, std::move(*img)};
}

image_format stored_format(image_format uploaded, const VImage& img) {
  if (uploaded == image_format::png || (uploaded == image_format::webp && img.has_alpha()))
    return image_format::png;
  return image_format::jpeg;
}

caf::expected<encoded_image> encode(const VImage& img, image_format format) {
  try {
    encoded_image out;
    out.width = img.width();
    out.height = img.height();
    auto* opts = VImage::option()->set("strip", true);
    if (format == image_format::png)
      out.bytes = take_blob(img.pngsave_buffer(opts->set("compression", 6)));
    else
      out.bytes = take_blob(img.jpegsave_buffer(opts->set("Q", 88)->set("optimize_coding", true)));
    return out;
  } catch (const vips::VError&) {
    return make_error(errc::invalid_argument,
                      "The image could not be re-encoded as " + std::string{name_of(format)} + ".");
  }
}

caf::expected<encoded_image> encode_scaled(const VImage& img, int long_side, image_format format) {
  if (std::max(img.width(), img.height()) <= long_side)
    return encode(img, format);
  try {
    return encode(
        img.thumbnail_image(
            long_side, VImage::option()->set("height", long_side)->set("size", VIPS_SIZE_DOWN)),
        format);
  } catch (const vips::VError&) {
    return make_error(errc::invalid_argument, "The image could not be scaled down.");
  }
}

} // namespace colors::media
