#pragma once
// The tokens identity hands out.
//   access token:  JWT HS256 (common/jwt.hpp) with sub (user id), ep (the user's token epoch),
//                  iat/nbf/exp, iss; short-lived; checked on every request.
//   refresh token: "<user id>.<family id>.<secret>"; only its SHA-256 is stored.
//   link token:    "<user id>.<secret>" for email verification and password reset.
// Pure functions, thread-safe.
#include "common/jwt.hpp"

#include <caf/expected.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace colors::identity {

struct access_claims {
  std::string user_id;
  uint64_t epoch = 0;
  int64_t expires_at = 0; // Unix seconds
};

[[nodiscard]] caf::expected<std::string> issue_access_token(const jwt_key_ring& ring,
                                                            const access_claims& claims,
                                                            int64_t now_seconds,
                                                            const std::string& issuer);

// Errors: unauthenticated, with a message that names the reason (safe to show: it says what is
// wrong with the token the client sent, nothing about the server).
[[nodiscard]] caf::expected<access_claims> verify_access_token(std::string_view token,
                                                               const jwt_key_ring& ring,
                                                               int64_t now_seconds,
                                                               const std::string& issuer);

// verify_access_token with a bounded memo of the tokens it accepted, for one key ring and issuer
// (the caller passes the same ones on every call). What a token's signature, header, issuer,
// nbf and iat checks decided cannot change later, so a token seen before is only checked for
// expiry again (exactly as jwt_verify does: expired once now - leeway >= exp). Refused tokens
// are never remembered. Saves the base64, JSON and HMAC work of a check per request.
// Thread-safety: `verify` may be called from any thread (shared lock on a hit).
class access_token_cache {
public:
  explicit access_token_cache(size_t capacity = 16384) : capacity_(capacity) {}

  [[nodiscard]] caf::expected<access_claims> verify(std::string_view token,
                                                    const jwt_key_ring& ring, int64_t now_seconds,
                                                    const std::string& issuer);
  size_t size() const;

private:
  size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, access_claims> accepted_;
};

struct refresh_token {
  std::string user_id;
  std::string family_id;
  std::string secret;
};

std::string compose(const refresh_token& t);
std::optional<refresh_token> parse_refresh_token(std::string_view text);

struct link_token {
  std::string user_id;
  std::string secret;
};

std::string compose(const link_token& t);
std::optional<link_token> parse_link_token(std::string_view text);

} // namespace colors::identity
