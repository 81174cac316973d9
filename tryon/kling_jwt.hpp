#pragma once
// The JWT Kling wants on every request (../shared/KLING.md, "Base URL and auth"): HS256, header
// {"alg":"HS256","typ":"JWT"}, claims exactly iss = Access Key, exp = now + 1800, nbf = now - 5,
// signed with the Secret Key. The client mints and caches it; the simulator verifies it and
// answers Kling's codes 1001-1004.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace colors::tryon {

struct kling_credentials {
  std::string access_key;
  std::string secret_key;
};

inline constexpr int64_t kling_token_lifetime_s = 1800;
inline constexpr int64_t kling_token_not_before_s = 5;

// A fresh token for `now_s` (Unix seconds). Pure; thread-safe.
std::string mint_kling_token(const kling_credentials& creds, int64_t now_s);

// Re-mints when the cached token is within `margin_s` of its expiry (or after invalidate(),
// which the client calls on 1003/1004). Thread-safe (one mutex).
class kling_token_cache {
public:
  explicit kling_token_cache(kling_credentials creds, int64_t margin_s = 300);
  std::string token(int64_t now_s);
  void invalidate();

private:
  kling_credentials creds_;
  int64_t margin_s_;
  std::mutex mutex_;
  std::string token_;
  int64_t expires_at_ = 0;
};

// Access Key -> Secret Key of the accounts the simulator knows.
using kling_accounts = std::map<std::string, std::string, std::less<>>;

struct kling_auth {
  int code = 0;        // 0: valid; else 1001 empty, 1002 invalid, 1003 not yet valid, 1004 expired
  std::string account; // the Access Key (iss) when valid
};

// Checks an `Authorization` header value ("Bearer <jwt>"). Pure; thread-safe.
kling_auth verify_kling_authorization(std::string_view authorization,
                                      const kling_accounts& accounts, int64_t now_s,
                                      int64_t leeway_s = 0);

} // namespace colors::tryon
