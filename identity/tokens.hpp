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
#include <string>
#include <string_view>

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
