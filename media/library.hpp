#pragma once
// Stored images: the bytes of the original and of each rendition, and their metadata record,
// in the blob-enabled family "read_blob_media" of the event store. Each image is written in one
// batch, synced unless the caller's own next synced write covers it (media_sync), so an
// acknowledged upload survives a crash. The same uploaded bytes for the same
// purpose (and, for reference photos, the same owner) are stored once: `add` returns the
// existing image instead.
//
// Reference photos (a shopper's own, personal data) are stored only when they meet Kling's
// try-on limits, and their bytes (original and renditions) only sealed under the owner's data
// key (media/sealer.hpp): without a sealer they are refused, never stored in plaintext. Once
// the owner's key is shredded their bytes answer not_found. Product images stay plaintext.
// Metadata records hold no pixels and stay plaintext.
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
#include "media/sealer.hpp"

#include "events/blob_family.hpp"

#include <caf/expected.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace colors::media {

// When an added image is durable: `now` (add returns after a synced write: an upload is
// acknowledged to its client) or `with_next_synced_write` (the caller's next synced write to
// the event store, such as the event that names the image, makes it durable: they share one
// WAL, synced in order; until then a crash may lose it, and nothing names it).
enum class media_sync { now, with_next_synced_write };

struct added_media {
  media_info info;
  bool created = false; // false: the same image was stored before (dedupe hit)
};

// The size served for a request of `size` ("original" or a rendition): that rendition when the
// image has it, else the next larger one it has, else "original". A try-on result's smaller
// renditions are made just after it is stored (media/process_result.hpp).
std::string served_size(const media_info& info, std::string_view size);

class library {
public:
  // `db` returns the current event store (it may be reopened after a failed write).
  // `seal` (optional) encrypts reference photos; without it they cannot be stored or read.
  explicit library(std::function<std::shared_ptr<events::store>()> db, sealer seal = {});

  // Stores a processed upload, or returns the image already stored with the same bytes.
  // Reference photos: invalid_argument (saying why) when they miss Kling's try-on limits,
  // unavailable without a sealer.
  [[nodiscard]] caf::expected<added_media> add(const processed_image& img,
                                               const std::string& owner_id, media_purpose purpose,
                                               media_sync sync = media_sync::now);

  // Adds renditions made after the image was stored (a try-on result's smaller ones,
  // media/process_result.hpp): their bytes (sealed like the rest) and the record listing them,
  // in one synced batch. A rendition of the same name is replaced.
  [[nodiscard]] caf::error add_renditions(const std::string& id, const rendition_map& made);

  // The image already stored for these uploaded bytes (hex SHA-256), if any.
  [[nodiscard]] caf::expected<std::optional<media_info>>
  find_duplicate(const std::string& sha256_hex, const std::string& owner_id,
                 media_purpose purpose) const;

  // The metadata of an image; not_found for an unknown id.
  [[nodiscard]] caf::expected<media_info> lookup(const std::string& id) const;

  // The bytes of the original ("original") or of a rendition, opened for reference photos;
  // not_found when absent or when a reference photo no longer opens (its owner was erased).
  [[nodiscard]] caf::expected<std::string> bytes(const std::string& id,
                                                 std::string_view size) const;
  [[nodiscard]] caf::expected<std::string> bytes(const media_info& info,
                                                 std::string_view size) const;

  // As bytes, for one of `owner_id`'s own images (try-on sends the shopper's photo's "large"
  // rendition to Kling): forbidden when someone else owns it.
  [[nodiscard]] caf::expected<std::string>
  bytes_for_owner(const std::string& id, std::string_view size, const std::string& owner_id) const;

private:
  using key_values = std::vector<std::pair<std::string, std::string>>;

  [[nodiscard]] caf::expected<added_media> insert(const processed_image& img,
                                                  const std::string& owner_id,
                                                  media_purpose purpose, media_sync sync);
  // The puts of one image, its bytes sealed when it is a reference photo.
  [[nodiscard]] caf::expected<key_values> writes_of(const media_info& info,
                                                    const processed_image& img) const;
  [[nodiscard]] caf::expected<std::string>
  stored_form(const media_info& info, std::string_view size, const std::string& plain) const;
  [[nodiscard]] caf::expected<std::string> opened(const media_info& info, std::string_view size,
                                                  std::string stored) const;

  events::blob_family family_;
  sealer sealer_;
  std::mutex add_mutex_;
};

} // namespace colors::media
