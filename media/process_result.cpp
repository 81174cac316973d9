#include "media/process_result.hpp"

#include "media/pipeline.hpp"
#include "media/vips_runtime.hpp"

#include "common/bytes.hpp"
#include "common/errc.hpp"
#include "common/digest.hpp"

#include <algorithm>

namespace colors::media {

namespace {

// Whether the bytes can be served as they are: JPEG or PNG, no EXIF rotation, 8-bit sRGB (or
// grey). Reads the header only.
bool storable_as_is(std::string_view bytes, image_format format) {
  if (format == image_format::webp)
    return false;
  try {
    auto img = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "");
    auto orientation = img.get_typeof("orientation") != 0 ? img.get_int("orientation") : 1;
    auto kind = img.interpretation();
    return orientation <= 1 && img.format() == VIPS_FORMAT_UCHAR
           && (kind == VIPS_INTERPRETATION_sRGB || kind == VIPS_INTERPRETATION_B_W);
  } catch (const vips::VError&) {
    return false; // process_upload says what is wrong with it
  }
}

// The renditions the image fits are its own bytes; `large` is encoded now when it must be
// scaled (the try-on check reads it); smaller ones are left for make_renditions.
caf::error add_renditions_reusing_fits(const vips::VImage& img, processed_image& out) {
  for (const auto& size : rendition_sizes()) {
    auto name = std::string{size.name};
    if (std::max(img.width(), img.height()) <= size.long_side) {
      out.renditions.emplace(name, out.original); // fits: the same bytes
      continue;
    }
    if (name != "large") {
      out.renditions_to_make.push_back(name);
      continue;
    }
    auto scaled = encode_scaled(img, size.long_side, out.format);
    if (!scaled)
      return scaled.error();
    out.renditions.emplace(name, std::move(*scaled));
  }
  return {};
}

} // namespace

caf::expected<processed_image> process_result(std::string_view bytes, const upload_limits& limits) {
  auto format = sniff_format(bytes);
  if (!format || bytes.size() > limits.max_bytes)
    return process_upload(bytes, limits); // its errors
  if (auto err = start_vips())
    return err;
  if (!storable_as_is(bytes, *format))
    return process_upload(bytes, limits);
  auto img = decode_strictly(bytes, *format, limits);
  if (!img)
    return img.error();
  processed_image out;
  out.format = *format;
  out.original = {std::string{bytes}, img->width(), img->height()};
  if (auto err = add_renditions_reusing_fits(*img, out))
    return err;
  out.sha256 = to_hex(sha256(bytes));
  const auto& large = out.renditions.at("large");
  out.try_on = check_try_on(out.format, large.width, large.height, large.bytes.size());
  return out;
}

caf::expected<rendition_map> make_renditions(std::string_view bytes,
                                             const std::vector<std::string>& names,
                                             const upload_limits& limits) {
  auto decoded = sniff_and_decode(bytes, limits); // JPEG or PNG: stored as they came
  if (!decoded)
    return decoded.error();
  rendition_map out;
  for (const auto& name : names) {
    const auto* size = find_rendition(name);
    if (!size)
      return make_error(errc::invalid_argument, "There is no rendition \"" + name + "\".");
    auto scaled = encode_scaled(decoded->image, size->long_side, decoded->format);
    if (!scaled)
      return scaled.error();
    out.emplace(name, std::move(*scaled));
  }
  return out;
}

} // namespace colors::media
