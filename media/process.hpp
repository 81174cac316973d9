#pragma once
// What happens to an uploaded image before it is stored: the real format from the magic bytes,
// size and pixel limits checked (pixels from the header, before any pixel is decoded), decoded
// strictly (truncated or corrupt data is refused), turned upright by its EXIF orientation,
// converted to sRGB, re-encoded without any metadata (EXIF, GPS, XMP, ICC, comments), and
// scaled down into the renditions. Also the SHA-256 of the uploaded bytes (for dedupe) and
// whether the result meets Kling's try-on limits.
//
// Pure (no I/O beyond memory); thread-safe; CPU-heavy: call it off the I/O and CAF threads.
#include "media/format.hpp"
#include "media/try_on_check.hpp"

#include <caf/expected.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace colors::media {

struct upload_limits {
  uint64_t max_bytes = 15 * 1024 * 1024;
  uint64_t max_pixels = 40'000'000; // width x height, checked before decoding
};

// A rendition's name and the longest side it is scaled down to (never up).
struct rendition_size {
  std::string_view name;
  int long_side;
};

// thumb 256, medium 768, large 2048 (the size sent to Kling).
const std::vector<rendition_size>& rendition_sizes();

// The rendition of that name in rendition_sizes(), or null.
const rendition_size* find_rendition(std::string_view name);

// True for "thumb", "medium" and "large".
bool is_rendition(std::string_view name);

struct encoded_image {
  std::string bytes;
  int width = 0;
  int height = 0;
};

struct processed_image {
  image_format format = image_format::jpeg;                     // of the stored bytes (JPEG or PNG)
  encoded_image original;                                       // full size, upright, metadata-free
  std::map<std::string, encoded_image, std::less<>> renditions; // by rendition name
  // Renditions left out, to be made after the image is stored (process_result: a try-on
  // result's smaller renditions, off the path to SUCCEEDED; media/process_result.hpp).
  std::vector<std::string> renditions_to_make;
  std::string sha256;                                           // hex SHA-256 of the uploaded bytes
  try_on_check try_on;                                          // of the `large` rendition
};

using rendition_map = std::map<std::string, encoded_image, std::less<>>; // by rendition name

// Errors (messages a person can act on): invalid_argument for a format we do not take or
// damaged data, too_large for too many bytes or pixels.
[[nodiscard]] caf::expected<processed_image> process_upload(std::string_view bytes,
                                                            const upload_limits& limits = {});

} // namespace colors::media
