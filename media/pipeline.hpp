#pragma once
// The libvips steps of media/process.hpp, shared with media/garment_art.hpp. Internal to the
// media module. libvips exceptions (vips::VError) are caught here and become errors.
//
// Thread-safety: each call works on its own images; safe from any thread.
#include "media/format.hpp"
#include "media/process.hpp"

#include <caf/expected.hpp>
#include <vips/vips8>

#include <string_view>

namespace colors::media {

// Opens `bytes` (which must outlive the image), checks the pixel count from the header, then
// decodes every pixel strictly: upright, sRGB (or grey), 8 bits per band.
[[nodiscard]] caf::expected<vips::VImage>
decode_strictly(std::string_view bytes, image_format format, const upload_limits& limits);

struct sniffed_image {
  image_format format; // as the magic bytes say
  vips::VImage image;  // decoded strictly
};

// The format from the magic bytes, libvips started, then decode_strictly.
[[nodiscard]] caf::expected<sniffed_image> sniff_and_decode(std::string_view bytes,
                                                            const upload_limits& limits);

// The format we store an upload in: PNG for PNG and for WebP with alpha, JPEG otherwise.
image_format stored_format(image_format uploaded, const vips::VImage& img);

// Encodes without metadata.
[[nodiscard]] caf::expected<encoded_image> encode(const vips::VImage& img, image_format format);

// Scaled so that its longest side is at most `long_side` (never enlarged), then encoded.
[[nodiscard]] caf::expected<encoded_image> encode_scaled(const vips::VImage& img, int long_side,
                                                         image_format format);

} // namespace colors::media
