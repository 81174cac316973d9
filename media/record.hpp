#pragma once
// The stored form of media_info: a JSON object of our own (never CAF-serialized data).
// Pure; thread-safe.
#include "media/media_info.hpp"

#include <caf/expected.hpp>

#include <string>
#include <string_view>

namespace colors::media {

std::string to_record(const media_info& info);

// corrupt when the bytes are not a record written by to_record.
[[nodiscard]] caf::expected<media_info> from_record(std::string_view bytes);

} // namespace colors::media
