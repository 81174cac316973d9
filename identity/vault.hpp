#pragma once
// Sealing of personal fields under each user's data key (AES-256-GCM, common/aead.hpp). The
// field name and user id are bound in as associated data, so a ciphertext moved to another
// field or user does not open. Unwrapped keys are cached in memory (bounded).
//
// After `shred`, `open` answers not_found for that user: their personal data is gone.
//
// Thread-safety: every member may be called from any thread. Key creation, first use and
// shredding touch RocksDB (blocking).
#include "events/data_keys.hpp"

#include <caf/expected.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace colors::identity {

class pii_vault {
public:
  pii_vault(std::shared_ptr<events::data_keys> keys, std::string kek, size_t cache_size = 100000);

  // A new user's data key. Errors: duplicate when it exists.
  [[nodiscard]] caf::error create_key(const std::string& user_id);

  [[nodiscard]] caf::expected<std::string> seal(const std::string& user_id, std::string_view field,
                                                std::string_view plaintext);
  // Errors: not_found when the user's key was shredded (or never existed), corrupt when the
  // bytes do not open.
  [[nodiscard]] caf::expected<std::string> open(const std::string& user_id, std::string_view field,
                                                std::string_view sealed);
  // As open, with an empty input opening to "" (an unset optional field).
  [[nodiscard]] caf::expected<std::string> open_optional(const std::string& user_id,
                                                         std::string_view field,
                                                         std::string_view sealed);

  [[nodiscard]] caf::error shred(const std::string& user_id);

private:
  [[nodiscard]] caf::expected<std::string> key_of(const std::string& user_id);
  void remember(const std::string& user_id, std::string key);

  std::shared_ptr<events::data_keys> keys_;
  std::string kek_;
  size_t cache_size_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> cache_;
};

} // namespace colors::identity
