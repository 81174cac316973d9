#include "media/process.hpp"

#include "media/pipeline.hpp"

#include "common/bytes.hpp"
#include "common/digest.hpp"
#include "common/errc.hpp"

namespace colors::media {

namespace {

caf::error check_size(std::string_view bytes, const upload_limits& limits) {
  if (bytes.size() <= limits.max_bytes)
    return {};
  return make_error(errc::too_large, "The image is " + std::to_string(bytes.size())
                                         + " bytes; at most " + std::to_string(limits.max_bytes)
                                         + " bytes are accepted.");
}

caf::error add_renditions(const vips::VImage& img, processed_image& out) {
  for (const auto& size : rendition_sizes()) {
    auto scaled = encode_scaled(img, size.long_side, out.format);
    if (!scaled)
      return scaled.error();
    out.renditions.emplace(std::string{size.name}, std::move(*scaled));
  }
  return {};
}

try_on_check check_large(const processed_image& img) {
  const auto& large = img.renditions.at("large");
  return check_try_on(img.format, large.width, large.height, large.bytes.size());
}

} // namespace

const std::vector<rendition_size>& rendition_sizes() {
  static const std::vector<rendition_size> sizes{{"thumb", 256}, {"medium", 768}, {"large", 2048}};
  return sizes;
}

const rendition_size* find_rendition(std::string_view name) {
  for (const auto& size : rendition_sizes())
    if (size.name == name)
      return &size;
  return nullptr;
}

bool is_rendition(std::string_view name) {
  return find_rendition(name) != nullptr;
}

caf::expected<processed_image> process_upload(std::string_view bytes, const upload_limits& limits) {
  if (auto err = check_size(bytes, limits))
    return err;
  auto decoded = sniff_and_decode(bytes, limits);
  if (!decoded)
    return decoded.error();
  processed_image out;
  out.format = stored_format(decoded->format, decoded->image);
  auto original = encode(decoded->image, out.format);
  if (!original)
    return original.error();
  out.original = std::move(*original);
  if (auto err = add_renditions(decoded->image, out))
    return err;
  out.sha256 = to_hex(sha256(bytes));
  out.try_on = check_large(out);
  return out;
}

} // namespace colors::media
