#pragma once
// The simulator's "try-on": the garment image laid over the person photo with libvips. The
// garment is scaled to fit a torso box (half the person's width, 40% of the height, centred
// horizontally, its top at 22% of the height); its near-white background is keyed out (a soft
// mask), so the person shows around it. The result is a JPEG of the person's size. Nothing like
// Kling's model, but a real, visibly changed image for tests and demos.
//
// Thread-safety: pure apart from libvips; safe from any thread. CPU-heavy (tens of ms).
#include <caf/expected.hpp>

#include <string>
#include <string_view>

namespace colors::tryon {

// The torso box of a person photo of `width` x `height` px.
struct torso_box {
  int left = 0, top = 0, width = 0, height = 0;
};
torso_box torso_of(int width, int height);

// JPEG bytes; invalid_argument when either image cannot be decoded.
[[nodiscard]] caf::expected<std::string> composite_try_on(std::string_view person,
                                                          std::string_view garment);

} // namespace colors::tryon
