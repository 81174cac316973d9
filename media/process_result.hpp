#pragma once
// A try-on result image (from Kling, not from a person's camera) made ready to store, more
// cheaply than process_upload: the downloaded bytes become the original as they are, and a
// rendition the image already fits is those same bytes, so only the smaller renditions are
// encoded. Still checked like an upload: format by magic bytes, byte and pixel limits, every
// pixel decoded strictly (a damaged or truncated image is refused). Falls back to
// process_upload when the bytes are not an upright 8-bit sRGB JPEG or PNG. Kept metadata is
// Kling's, not a shopper's: nothing personal to strip.
//
// Pure (no I/O beyond memory); thread-safe; CPU-heavy: call it off the I/O and CAF threads.
#include "media/process.hpp"

namespace colors::media {

// Errors as process_upload's. The renditions smaller than `large` that the image must be scaled
// down for are left out and named in `renditions_to_make`: store the image, then make them
// with make_renditions and add them (media::library::add_renditions). Until then a request
// for one is served the next larger size (served_size, media_info.hpp).
[[nodiscard]] caf::expected<processed_image> process_result(std::string_view bytes,
                                                            const upload_limits& limits = {});

// The renditions `names` of a result's bytes (as process_result took them), scaled down.
[[nodiscard]] caf::expected<rendition_map> make_renditions(std::string_view bytes,
                                                           const std::vector<std::string>& names,
                                                           const upload_limits& limits = {});

} // namespace colors::media
