#pragma once
// Kling's limits on try-on input images (../shared/KLING.md): JPG or PNG, at most 10 MB, at
// least 300 px on each side. Pure; thread-safe.
#include "media/format.hpp"

#include <caf/error.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace colors::media {

struct try_on_limits {
  uint64_t max_bytes = 10 * 1000 * 1000;
  int min_side = 300;
};

struct try_on_check {
  bool ready = true;
  std::vector<std::string> issues; // one sentence per limit missed; empty when ready
};

// Checks the image that would be sent to Kling (the normalised `large` rendition).
try_on_check check_try_on(image_format format, int width, int height, uint64_t bytes,
                          const try_on_limits& limits = {});

// For images that exist only for try-on (reference photos): invalid_argument listing every
// limit missed, in sentences a person can act on; no error when ready.
[[nodiscard]] caf::error require_try_on_ready(const try_on_check& check);

} // namespace colors::media
