#include "media/media_info.hpp"

#include "common/errc.hpp"

namespace colors::media {

std::string_view to_string(media_purpose p) {
  return p == media_purpose::reference ? "reference" : "product";
}

caf::expected<media_purpose> parse_purpose(std::string_view text) {
  if (text == "product")
    return media_purpose::product;
  if (text == "reference")
    return media_purpose::reference;
  return make_error(errc::invalid_argument, "purpose must be \"product\" or \"reference\", not \""
                                                + std::string{text} + "\"");
}

} // namespace colors::media
