#pragma once
// Stored images: the bytes of the original and of each rendition, and their metadata record,
// in the blob-enabled family "read_blob_media" of the event store. Each image is written in one
// synced batch, so an acknowledged upload survives a crash. The same uploaded bytes for the same
// purpose (and, for reference photos, the same owner) are stored once: `add` returns the
// existing image instead.
//
// Layout (keys):  i<id> -> record (media/record.hpp)
//                 b<id>/<size> -> bytes; size is "original", "thumb", "medium" or "large"
//                 h<purpose>/[<owner>/]<sha256 hex> -> id   (dedupe)
//
// Thread-safety: every member may be called from any thread; `add` calls are serialised (so two
// identical uploads at once store one image). Calls block on disk and `add` is CPU-light but
// does synced writes: call them off the CAF scheduler and HTTP I/O threads.
#include "media/media_info.hpp"
#include "media/process.hpp"

#include "events/blob_family.hpp"

#include <caf/expected.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace colors::media {

struct added_media {
  media_info info;
  bool created = false; // false: the same image was stored before (dedupe hit)
};

class library {
public:
  // `db` returns the current event store (it may be reopened after a failed write).
  explicit library(std::function<std::shared_ptr<events::store>()> db);

  // Stores a processed upload, or returns the image already stored with the same bytes.
  [[nodiscard]] caf::expected<added_media> add(const processed_image& img,
                                               const std::string& owner_id, media_purpose purpose);

  // The image already stored for these uploaded bytes (hex SHA-256), if any.
  [[nodiscard]] caf::expected<std::optional<media_info>>
  find_duplicate(const std::string& sha256_hex, const std::string& owner_id,
                 media_purpose purpose) const;

  // The metadata of an image; not_found for an unknown id.
  [[nodiscard]] caf::expected<media_info> lookup(const std::string& id) const;

  // The bytes of the original ("original") or of a rendition; not_found when absent.
  [[nodiscard]] caf::expected<std::string> bytes(const std::string& id,
                                                 std::string_view size) const;

private:
  [[nodiscard]] caf::expected<added_media>
  insert(const processed_image& img, const std::string& owner_id, media_purpose purpose);

  events::blob_family family_;
  std::mutex add_mutex_;
};

} // namespace colors::media
