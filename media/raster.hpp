#pragma once
// Pixel buffers for the garment art, computed without libvips: a polygon's coverage mask and
// a patterned fabric. Pure; thread-safe.
#include "media/garment_shapes.hpp"

#include <cstdint>
#include <vector>

namespace colors::media {

struct rgb {
  uint8_t r = 0;
  uint8_t g = 0;
  uint8_t b = 0;
};

enum class fabric_pattern { plain, stripes, checks, dots };

// width x height bytes, 255 inside `shape` (scaled from unit coordinates), 0 outside.
std::vector<uint8_t> fill_mask(const polygon& shape, int width, int height);

// width x height x 3 bytes of fabric: `base` with `pattern` in `accent`.
std::vector<uint8_t> weave(fabric_pattern pattern, rgb base, rgb accent, int width, int height);

} // namespace colors::media
