#include "media/try_on_check.hpp"

#include "common/errc.hpp"

namespace colors::media {

try_on_check check_try_on(image_format format, int width, int height, uint64_t bytes,
                          const try_on_limits& limits) {
  try_on_check out;
  auto miss = [&out](std::string why) {
    out.ready = false;
    out.issues.push_back(std::move(why));
  };
  if (format != image_format::jpeg && format != image_format::png)
    miss("Virtual try-on takes JPEG or PNG images, not " + std::string{name_of(format)} + ".");
  if (bytes > limits.max_bytes)
    miss("Virtual try-on takes images of at most " + std::to_string(limits.max_bytes / 1000'000)
         + " MB; this one is " + std::to_string(bytes) + " bytes.");
  if (width < limits.min_side || height < limits.min_side)
    miss("Virtual try-on needs at least " + std::to_string(limits.min_side)
         + " px on each side; this image is " + std::to_string(width) + "x" + std::to_string(height)
         + " px.");
  return out;
}

caf::error require_try_on_ready(const try_on_check& check) {
  if (check.ready)
    return {};
  std::string why = "This photo cannot be used for virtual try-on.";
  for (const auto& issue : check.issues)
    why += " " + issue;
  return make_error(errc::invalid_argument, std::move(why) + " Please upload another photo.");
}

} // namespace colors::media
