#pragma once
// The server's long-lived keys, kept in <data_dir>/secrets.json (mode 0600), generated on first
// start. Environment variables override file values in memory only (they are never written):
//
//   COLORS_JWT_KEY           base64, >= 32 bytes: the active JWT signing key
//   COLORS_JWT_KID           its key id (default "env"); needs COLORS_JWT_KEY
//   COLORS_PII_KEK           base64, exactly 32 bytes: wraps the per-user data keys
//   COLORS_EMAIL_LOOKUP_KEY  base64, >= 32 bytes: the HMAC key of email lookups
//
// Losing or changing the PII key or the email-lookup key makes stored personal data unreadable
// or unfindable: back up secrets.json with the data. Secret values are never logged, and these
// types deliberately have no to_string. Functions here touch the file system; they are
// thread-safe but not safe against two processes rotating at once (the data-dir lock prevents
// that).
#include "common/jwt.hpp"

#include <caf/expected.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace colors {

inline constexpr std::string_view secrets_file_name = "secrets.json";
inline constexpr size_t secret_key_size = 32;

struct secrets {
  jwt_key_ring jwt;
  std::string pii_kek;          // 32 bytes
  std::string email_lookup_key; // >= 32 bytes
};

// Decoded, validated environment overrides.
struct secret_overrides {
  std::optional<jwt_key> jwt;
  std::optional<std::string> pii_kek;
  std::optional<std::string> email_lookup_key;
};

using secret_env_fn = std::function<std::optional<std::string>(const char* name)>;

// Reads the COLORS_* variables above through `env` (empty values count as unset).
// Errors: invalid_argument naming the variable (never its value) when one is not valid base64
// or has the wrong length, or when COLORS_JWT_KID comes without COLORS_JWT_KEY.
[[nodiscard]] caf::expected<secret_overrides> secret_overrides_from(const secret_env_fn& env);

// The same from the process environment.
[[nodiscard]] caf::expected<secret_overrides> secret_overrides_from_env();

// Reads <data_dir>/secrets.json, or creates it with fresh random keys (written to a temporary
// file, fsynced, then linked into place so a concurrent creator never overwrites), then applies
// `overrides`. A file readable by group or others is tightened to 0600 with a warning.
// Errors: storage for I/O failures, corrupt when the file does not hold valid secrets.
[[nodiscard]] caf::expected<secrets> load_or_create_secrets(const std::filesystem::path& data_dir,
                                                            const secret_overrides& overrides);

// As above with secret_overrides_from_env().
[[nodiscard]] caf::expected<secrets> load_or_create_secrets(const std::filesystem::path& data_dir);

// Adds a new random JWT key to the file and makes it active; older keys keep verifying, but only
// the newest `keep` keys (new one included, at least 1) are retained. The file is replaced
// atomically (temporary file, fsync, rename). Returns the new secrets with `overrides` applied
// (so with COLORS_JWT_KEY set, the environment key stays the active one).
[[nodiscard]] caf::expected<secrets> rotate_jwt_key(const std::filesystem::path& data_dir,
                                                    const secret_overrides& overrides = {},
                                                    size_t keep = 4);

} // namespace colors
