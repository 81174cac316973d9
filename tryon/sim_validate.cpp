#include "tryon/sim_validate.hpp"

#include "common/base64.hpp"
#include "media/format.hpp"
#include "media/vips_runtime.hpp"

#include <vips/vips8>

namespace colors::tryon {

namespace {

sim_error invalid(std::string message) {
  return {1201, std::move(message)};
}

// "<field><text>", appended rather than concatenated (GCC 12 warns falsely on `string + ...`).
sim_error invalid_field(std::string_view field, std::string_view text) {
  std::string message;
  message.append(field).append(text);
  return invalid(std::move(message));
}

// Width and height from the image header; nullopt when libvips cannot read it.
std::optional<std::pair<int, int>> header_size(const std::string& bytes) {
  if (media::start_vips())
    return std::nullopt;
  try {
    auto img = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "");
    return std::pair{img.width(), img.height()};
  } catch (const vips::VError&) {
    return std::nullopt;
  }
}

std::variant<std::string, sim_error> decode_image(std::string_view field, const std::string& text,
                                                  const media::try_on_limits& limits) {
  if (text.empty())
    return invalid_field(field, " is required");
  if (text.starts_with("data:"))
    return invalid_field("File is not in a valid base64 format: ",
                         "data: prefixes are not accepted, send raw Base64");
  if (text.starts_with("http://") || text.starts_with("https://"))
    return invalid_field(field, ": the simulator takes Base64 images only, not URLs");
  auto bytes = base64_decode(text);
  if (!bytes)
    return invalid_field(field, ": File is not in a valid base64 format");
  if (bytes->size() > limits.max_bytes)
    return invalid_field(field, " is larger than 10 MB");
  auto format = media::sniff_format(*bytes);
  if (!format || (*format != media::image_format::jpeg && *format != media::image_format::png))
    return invalid_field(field, " must be a JPG or PNG image");
  auto size = header_size(*bytes);
  if (!size)
    return invalid_field(field, " could not be read as an image");
  if (size->first < limits.min_side || size->second < limits.min_side)
    return invalid_field(field, " must be at least " + std::to_string(limits.min_side)
                                    + " px on each side");
  return std::move(*bytes);
}

} // namespace

std::variant<sim_inputs, sim_error> validate_create(const create_task_request& request,
                                                    const media::try_on_limits& limits) {
  if (!is_known_model(request.model_name))
    return invalid("model_name " + request.model_name + " is not supported");
  auto human = decode_image("human_image", request.human_image, limits);
  if (auto* err = std::get_if<sim_error>(&human))
    return *err;
  auto cloth = decode_image("cloth_image", request.cloth_image, limits);
  if (auto* err = std::get_if<sim_error>(&cloth))
    return *err;
  return sim_inputs{std::move(std::get<std::string>(human)),
                    std::move(std::get<std::string>(cloth))};
}

} // namespace colors::tryon
