#include "media/format.hpp"

#include "common/errc.hpp"

#include <array>
#include <string>

namespace colors::media {

namespace {

bool starts_with(std::string_view bytes, std::string_view magic, size_t at = 0) {
  return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
}

// Formats people commonly try to upload that we do not take, to name them in the refusal.
std::string_view known_other_format(std::string_view bytes) {
  struct magic {
    std::string_view bytes;
    std::string_view name;
  };
  static constexpr std::array<magic, 7> others{{
      {"GIF8", "GIF"},
      {"BM", "BMP"},
      {"II*\0", "TIFF"},
      {"MM\0*", "TIFF"},
      {"%PDF", "PDF"},
      {"<svg", "SVG"},
      {"<?xml", "XML/SVG"},
  }};
  for (const auto& m : others)
    if (starts_with(bytes, m.bytes))
      return m.name;
  if (starts_with(bytes, "ftypheic", 4) || starts_with(bytes, "ftypmif1", 4))
    return "HEIC";
  if (starts_with(bytes, "ftypavif", 4))
    return "AVIF";
  return {};
}

} // namespace

caf::expected<image_format> sniff_format(std::string_view bytes) {
  if (starts_with(bytes, "\xFF\xD8\xFF"))
    return image_format::jpeg;
  if (starts_with(bytes, "\x89PNG\r\n\x1A\n"))
    return image_format::png;
  if (starts_with(bytes, "RIFF") && starts_with(bytes, "WEBP", 8))
    return image_format::webp;
  std::string found = bytes.empty() ? "The upload is empty"
                      : known_other_format(bytes).empty()
                          ? "The upload is not an image we recognise"
                          : "The upload is a " + std::string{known_other_format(bytes)} + " image";
  return make_error(errc::invalid_argument, found + "; accepted formats are JPEG, PNG and WebP.");
}

std::string_view content_type_of(image_format f) {
  switch (f) {
    case image_format::jpeg:
      return "image/jpeg";
    case image_format::png:
      return "image/png";
    case image_format::webp:
      return "image/webp";
  }
  return "application/octet-stream";
}

std::string_view name_of(image_format f) {
  switch (f) {
    case image_format::jpeg:
      return "JPEG";
    case image_format::png:
      return "PNG";
    case image_format::webp:
      return "WebP";
  }
  return "unknown";
}

} // namespace colors::media
