#include "tryon/kling_jwt.hpp"

#include "common/base64.hpp"
#include "common/jwt.hpp"

#include <boost/json.hpp>

namespace colors::tryon {

namespace json = boost::json;

std::string mint_kling_token(const kling_credentials& creds, int64_t now_s) {
  json::object claims{{"iss", creds.access_key},
                      {"exp", now_s + kling_token_lifetime_s},
                      {"nbf", now_s - kling_token_not_before_s}};
  return jwt_sign_hs256(claims, creds.secret_key);
}

kling_token_cache::kling_token_cache(kling_credentials creds, int64_t margin_s)
  : creds_(std::move(creds)), margin_s_(margin_s) {}

std::string kling_token_cache::token(int64_t now_s) {
  std::lock_guard lock{mutex_};
  if (token_.empty() || now_s >= expires_at_ - margin_s_) {
    token_ = mint_kling_token(creds_, now_s);
    expires_at_ = now_s + kling_token_lifetime_s;
  }
  return token_;
}

void kling_token_cache::invalidate() {
  std::lock_guard lock{mutex_};
  token_.clear();
}

namespace {

// The unverified `iss` of a token, to pick the account's key; nullopt when unreadable.
std::optional<std::string> issuer_of(std::string_view token) {
  auto first = token.find('.');
  auto second = token.find('.', first == std::string_view::npos ? first : first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos)
    return std::nullopt;
  auto claims = base64url_decode(token.substr(first + 1, second - first - 1));
  if (!claims)
    return std::nullopt;
  json::error_code ec;
  auto v = json::parse(*claims, ec);
  if (ec || !v.is_object())
    return std::nullopt;
  const auto* iss = v.get_object().if_contains("iss");
  if (!iss || !iss->is_string())
    return std::nullopt;
  return std::string{iss->get_string()};
}

std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view scheme = "Bearer ";
  if (authorization.size() < scheme.size())
    return {};
  for (size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i]))
        != std::tolower(static_cast<unsigned char>(scheme[i])))
      return {};
  auto token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  return token;
}

int code_of(jwt_rejection why) {
  switch (why) {
    case jwt_rejection::expired:
      return 1004;
    case jwt_rejection::not_yet_valid:
      return 1003;
    default:
      return 1002;
  }
}

} // namespace

kling_auth verify_kling_authorization(std::string_view authorization,
                                      const kling_accounts& accounts, int64_t now_s,
                                      int64_t leeway_s) {
  if (authorization.empty())
    return {1001, {}};
  auto token = bearer_token(authorization);
  if (token.empty())
    return {1002, {}};
  auto iss = issuer_of(token);
  auto account = iss ? accounts.find(*iss) : accounts.end();
  if (account == accounts.end())
    return {1002, {}};
  auto claims = jwt_verify_hs256(
      token, account->second,
      jwt_verify_options{
          .now = now_s, .leeway_seconds = leeway_s, .require_exp = true, .issuer = *iss});
  if (!claims) {
    auto why = jwt_rejection_of(claims.error());
    return {why ? code_of(*why) : 1000, {}};
  }
  return {0, *iss};
}

} // namespace colors::tryon
