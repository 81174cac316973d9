#pragma once
// The image formats uploads may use, recognised by their magic bytes (never by the declared
// Content-Type). Pure functions; thread-safe.
#include <caf/expected.hpp>

#include <string_view>

namespace colors::media {

enum class image_format { jpeg, png, webp };

// The format the first bytes announce; invalid_argument naming the accepted formats (and the
// one found, when it is a known image format) otherwise.
[[nodiscard]] caf::expected<image_format> sniff_format(std::string_view bytes);

// "image/jpeg", "image/png", "image/webp".
std::string_view content_type_of(image_format f);

// "JPEG", "PNG", "WebP".
std::string_view name_of(image_format f);

} // namespace colors::media
