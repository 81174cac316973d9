#pragma once
// JSON Web Tokens (RFC 7519) signed with HS256 only. Signing is generic (any claims, optional
// `kid`), so access tokens and the Kling API client share it; verification checks the
// signature against a key ring with rotation, then the time and issuer/audience claims.
// Pure functions, thread-safe; a key ring is a plain value, shared as const.
#include <boost/json.hpp>
#include <caf/error.hpp>
#include <caf/expected.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colors {

struct jwt_key {
  std::string kid;
  std::string secret; // raw bytes; at least 32 for our own tokens (RFC 7518 section 3.2)
};

// Signing uses the active key; every key in the ring still verifies, so tokens issued before a
// rotation stay valid until they expire.
struct jwt_key_ring {
  std::vector<jwt_key> keys; // oldest first
  std::string active_kid;

  // nullptr when absent.
  const jwt_key* find(std::string_view kid) const;
  const jwt_key* active() const { return find(active_kid); }
};

// Why a token was refused; each is distinct so callers and tests can tell them apart (what the
// client is told is the caller's decision: usually just "unauthenticated").
enum class jwt_rejection : uint8_t {
  malformed = 1,    // not three dot-separated segments, too long, or a `crit` header
  bad_base64,       // a segment is not canonical unpadded base64url
  bad_json,         // the header or the claims are not a JSON object
  alg_none,         // "alg":"none" (any case): unsigned tokens are never accepted
  alg_not_allowed,  // any algorithm other than HS256, or none given
  missing_kid,      // no string `kid` (key-ring verification only)
  unknown_kid,      // a `kid` the ring does not hold
  bad_signature,    // the MAC does not match: wrong key, or header or claims were changed
  bad_claim,        // exp/nbf/iat not a number
  missing_exp,      // no `exp` although the options require one
  expired,          // now >= exp + leeway
  not_yet_valid,    // nbf > now + leeway
  issued_in_future, // iat > now + leeway
  wrong_issuer,     // `iss` differs from (or lacks) the configured issuer
  wrong_audience,   // `aud` (string or array) does not contain the configured audience
};

const char* to_string(jwt_rejection reason);

struct jwt_verify_options {
  int64_t now = 0;             // Unix seconds; a parameter so tests control time
  int64_t leeway_seconds = 30; // tolerated clock skew between issuer and verifier
  bool require_exp = true;
  std::optional<std::string> issuer = std::nullopt;   // checked when set
  std::optional<std::string> audience = std::nullopt; // checked when set
};

// Tokens longer than this are refused unread (malformed).
inline constexpr size_t jwt_max_size = 8192;

// `header.claims.signature` with header {"alg":"HS256","typ":"JWT"} plus "kid" when non-empty.
std::string jwt_sign_hs256(const boost::json::object& claims, std::string_view secret,
                           std::string_view kid = {});

// Signs with the ring's active key. Errors: invalid_argument when the ring has no active key.
[[nodiscard]] caf::expected<std::string> jwt_sign(const boost::json::object& claims,
                                                  const jwt_key_ring& ring);

// The claims of a valid token. The key is chosen by the header's `kid`, which is required.
// Errors: unauthenticated carrying a jwt_rejection (see jwt_rejection_of).
[[nodiscard]] caf::expected<boost::json::object>
jwt_verify(std::string_view token, const jwt_key_ring& ring, const jwt_verify_options& options);

// As jwt_verify with one key and no `kid` requirement (tokens of other systems).
[[nodiscard]] caf::expected<boost::json::object>
jwt_verify_hs256(std::string_view token, std::string_view secret,
                 const jwt_verify_options& options);

// The reason carried by a jwt_verify error; nullopt for any other error.
std::optional<jwt_rejection> jwt_rejection_of(const caf::error& err);

} // namespace colors
