#pragma once
// Believable flat-lay garment images for demo catalogs: a silhouette (t-shirt, sweater, jacket,
// dress, skirt, trousers, shorts) in a colour, optionally patterned, softly shaded, with seams
// and a faint shadow on a white background. The same spec always gives the same bytes, and
// every result meets Kling's try-on limits (media/try_on_check.hpp). Feed the bytes to
// media::process_upload like any upload.
//
// Thread-safety: pure apart from libvips (started on first use); safe from any thread.
// CPU-heavy (a few hundred ms): call it off the CAF and HTTP I/O threads.
#include "media/format.hpp"
#include "media/garment_shapes.hpp"
#include "media/raster.hpp"

#include <caf/expected.hpp>

#include <string>

namespace colors::media {

struct garment_spec {
  garment_kind kind = garment_kind::t_shirt;
  rgb colour{38, 84, 160};
  fabric_pattern pattern = fabric_pattern::plain;
  rgb accent{245, 245, 240}; // the pattern's colour
  int width = 800;           // 300 to 4000 px a side
  int height = 1000;
  image_format format = image_format::jpeg; // JPEG or PNG
};

// The encoded image; invalid_argument for sizes or formats out of range.
[[nodiscard]] caf::expected<std::string> render_garment(const garment_spec& spec);

} // namespace colors::media
