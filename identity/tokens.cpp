#include "identity/tokens.hpp"

#include "common/errc.hpp"

#include <mutex>
#include <vector>

namespace colors::identity {

namespace json = boost::json;

namespace {

// Ids are UUIDs and secrets base64url: neither holds a dot.
std::vector<std::string_view> split_dots(std::string_view text) {
  std::vector<std::string_view> parts;
  for (size_t pos = 0;;) {
    auto dot = text.find('.', pos);
    parts.push_back(text.substr(pos, dot == std::string_view::npos ? dot : dot - pos));
    if (dot == std::string_view::npos)
      return parts;
    pos = dot + 1;
  }
}

bool plausible(std::string_view part) {
  if (part.empty() || part.size() > 128)
    return false;
  for (char c : part)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
      return false;
  return true;
}

const char* describe(jwt_rejection why) {
  switch (why) {
    case jwt_rejection::expired: return "The access token has expired; refresh it.";
    case jwt_rejection::not_yet_valid:
    case jwt_rejection::issued_in_future: return "The access token is not valid yet.";
    default: return "The access token is invalid.";
  }
}

} // namespace

caf::expected<std::string> issue_access_token(const jwt_key_ring& ring, const access_claims& c,
                                              int64_t now_seconds, const std::string& issuer) {
  json::object claims{{"sub", c.user_id},
                      {"ep", c.epoch},
                      {"iat", now_seconds},
                      {"nbf", now_seconds},
                      {"exp", c.expires_at},
                      {"iss", issuer}};
  return jwt_sign(claims, ring);
}

namespace {

// verify_access_token; `cacheable` is set when the expiry the JWT check used is exactly
// `expires_at` (an integer `exp`, which is what we issue), so a memo can re-check it alone.
caf::expected<access_claims> verify_claims(std::string_view token, const jwt_key_ring& ring,
                                           int64_t now_seconds, const std::string& issuer,
                                           bool& cacheable) {
  cacheable = false;
  jwt_verify_options opts;
  opts.now = now_seconds;
  opts.issuer = issuer;
  auto claims = jwt_verify(token, ring, opts);
  if (!claims) {
    auto why = jwt_rejection_of(claims.error());
    return make_error(errc::unauthenticated, why ? describe(*why) : "The access token is invalid.");
  }
  auto* sub = claims->if_contains("sub");
  auto* ep = claims->if_contains("ep");
  auto* exp = claims->if_contains("exp");
  if (!sub || !sub->is_string() || !ep || !(ep->is_uint64() || ep->is_int64()) || !exp)
    return make_error(errc::unauthenticated, "The access token is invalid.");
  access_claims out;
  out.user_id = std::string{sub->as_string()};
  out.epoch = ep->is_uint64() ? ep->as_uint64() : static_cast<uint64_t>(ep->as_int64());
  out.expires_at = exp->is_int64() ? exp->as_int64() : static_cast<int64_t>(exp->to_number<double>());
  cacheable = exp->is_int64();
  return out;
}

// jwt_verify's default leeway, which verify_access_token uses.
const int64_t leeway_seconds = jwt_verify_options{}.leeway_seconds;

bool expired(const access_claims& c, int64_t now_seconds) {
  int64_t earliest = 0;
  if (__builtin_add_overflow(now_seconds, -leeway_seconds, &earliest))
    earliest = INT64_MIN;
  return earliest >= c.expires_at;
}

} // namespace

caf::expected<access_claims> verify_access_token(std::string_view token, const jwt_key_ring& ring,
                                                 int64_t now_seconds, const std::string& issuer) {
  bool cacheable = false;
  return verify_claims(token, ring, now_seconds, issuer, cacheable);
}

caf::expected<access_claims> access_token_cache::verify(std::string_view token,
                                                        const jwt_key_ring& ring,
                                                        int64_t now_seconds,
                                                        const std::string& issuer) {
  std::string key{token};
  {
    std::shared_lock lock{mutex_};
    if (auto it = accepted_.find(key); it != accepted_.end()) {
      if (!expired(it->second, now_seconds))
        return it->second;
      lock.unlock();
      std::unique_lock write{mutex_};
      accepted_.erase(key);
      return make_error(errc::unauthenticated, describe(jwt_rejection::expired));
    }
  }
  bool cacheable = false;
  auto claims = verify_claims(token, ring, now_seconds, issuer, cacheable);
  if (!claims || !cacheable || token.size() > jwt_max_size)
    return claims;
  std::unique_lock lock{mutex_};
  if (accepted_.size() >= capacity_) {
    std::erase_if(accepted_, [&](const auto& entry) { return expired(entry.second, now_seconds); });
    if (accepted_.size() >= capacity_)
      accepted_.clear(); // a flood of distinct valid tokens: start over rather than grow
  }
  accepted_.emplace(std::move(key), *claims);
  return claims;
}

size_t access_token_cache::size() const {
  std::shared_lock lock{mutex_};
  return accepted_.size();
}

std::string compose(const refresh_token& t) {
  return t.user_id + "." + t.family_id + "." + t.secret;
}

std::optional<refresh_token> parse_refresh_token(std::string_view text) {
  auto parts = split_dots(text);
  if (parts.size() != 3 || !plausible(parts[0]) || !plausible(parts[1]) || !plausible(parts[2]))
    return std::nullopt;
  return refresh_token{std::string{parts[0]}, std::string{parts[1]}, std::string{parts[2]}};
}

std::string compose(const link_token& t) {
  return t.user_id + "." + t.secret;
}

std::optional<link_token> parse_link_token(std::string_view text) {
  auto parts = split_dots(text);
  if (parts.size() != 2 || !plausible(parts[0]) || !plausible(parts[1]))
    return std::nullopt;
  return link_token{std::string{parts[0]}, std::string{parts[1]}};
}

} // namespace colors::identity
