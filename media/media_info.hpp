#pragma once
// The metadata of one stored image, as other code sees it (library::lookup) and as it is
// stored (media/record.hpp). Plain values.
#include <caf/expected.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace colors::media {

// Why an image was uploaded; decides who may upload and read it.
enum class media_purpose {
  product,   // catalog images: brand and platform admins upload, anyone reads (cacheable)
  reference, // a shopper's own photo for try-on: only the owner and platform admins read it
};

std::string_view to_string(media_purpose p);
// "product" or "reference"; invalid_argument otherwise.
[[nodiscard]] caf::expected<media_purpose> parse_purpose(std::string_view text);

struct rendition_info {
  std::string name; // thumb, medium, large
  int width = 0;
  int height = 0;
  uint64_t bytes = 0;
};

struct media_info {
  std::string id;
  std::string owner_id; // the uploader's user id
  media_purpose purpose = media_purpose::product;
  std::string content_type; // of the stored original: image/jpeg or image/png
  int width = 0;            // of the stored original (upright)
  int height = 0;
  uint64_t bytes = 0; // of the stored original
  std::string sha256; // hex SHA-256 of the bytes as uploaded
  std::vector<rendition_info> renditions;
  int64_t created_at = 0; // Unix ms
  bool try_on_ready = false;
  std::vector<std::string> try_on_issues;
};

} // namespace colors::media
