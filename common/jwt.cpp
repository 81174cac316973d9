#include "common/jwt.hpp"

#include "common/base64.hpp"
#include "common/digest.hpp"
#include "common/errc.hpp"

#include <caf/make_message.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>

namespace colors {

namespace json = boost::json;

namespace {

using key_lookup = std::function<caf::expected<std::string_view>(const json::object& header)>;

caf::error reject(jwt_rejection why, std::string_view detail = {}) {
  std::string message = "token rejected: ";
  message += to_string(why);
  if (!detail.empty())
    message.append(" (").append(detail).append(")");
  return caf::error{static_cast<uint8_t>(errc::unauthenticated), error_category,
                    caf::make_message(std::move(message), static_cast<uint8_t>(why))};
}

struct segments {
  std::string_view header, claims, signature, signing_input;
};

caf::expected<segments> split(std::string_view token) {
  if (token.size() > jwt_max_size)
    return reject(jwt_rejection::malformed, "too long");
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
    return reject(jwt_rejection::malformed, "needs three segments");
  segments s{token.substr(0, first), token.substr(first + 1, second - first - 1),
             token.substr(second + 1), token.substr(0, second)};
  if (s.header.empty() || s.claims.empty())
    return reject(jwt_rejection::malformed, "empty segment");
  return s;
}

caf::expected<json::object> decode_object(std::string_view segment, const char* what) {
  auto text = base64url_decode(segment);
  if (!text)
    return reject(jwt_rejection::bad_base64, what);
  json::error_code ec;
  auto value = json::parse(*text, ec);
  if (ec || !value.is_object())
    return reject(jwt_rejection::bad_json, what);
  return std::move(value.as_object());
}

const json::string* string_member(const json::object& obj, std::string_view name) {
  auto* v = obj.if_contains(name);
  return v ? v->if_string() : nullptr;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i]))
        != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

caf::error check_header(const json::object& header) {
  auto* alg = string_member(header, "alg");
  if (alg && iequals(*alg, "none"))
    return reject(jwt_rejection::alg_none);
  if (!alg || *alg != "HS256")
    return reject(jwt_rejection::alg_not_allowed);
  // RFC 7515 section 4.1.11: extensions we do not understand must not be ignored.
  if (header.contains("crit"))
    return reject(jwt_rejection::malformed, "crit header not supported");
  return {};
}

caf::error check_signature(const segments& s, std::string_view secret) {
  auto signature = base64url_decode(s.signature);
  if (!signature)
    return reject(jwt_rejection::bad_base64, "signature");
  if (!constant_time_equal(*signature, hmac_sha256(secret, s.signing_input)))
    return reject(jwt_rejection::bad_signature);
  return {};
}

// A NumericDate as whole seconds (fractions floored; huge values saturate).
std::optional<int64_t> numeric_date(const json::value& v) {
  if (v.is_int64())
    return v.get_int64();
  if (v.is_uint64())
    return static_cast<int64_t>(std::min<uint64_t>(v.get_uint64(), INT64_MAX));
  if (!v.is_double() || !std::isfinite(v.get_double()))
    return std::nullopt;
  // Clamped first: converting an out-of-range double to an integer is undefined behaviour.
  return static_cast<int64_t>(std::clamp(std::floor(v.get_double()), -9.2e18, 9.2e18));
}

// The time claim `name` if present: nullopt when absent, an error when not a number.
caf::expected<std::optional<int64_t>> time_claim(const json::object& claims,
                                                 std::string_view name) {
  auto* v = claims.if_contains(name);
  if (!v)
    return std::optional<int64_t>{};
  auto t = numeric_date(*v);
  if (!t)
    return reject(jwt_rejection::bad_claim, name);
  return t;
}

// Saturating so that extreme leeways or claims cannot overflow.
int64_t add_sat(int64_t a, int64_t b) {
  int64_t out = 0;
  return __builtin_add_overflow(a, b, &out) ? (b > 0 ? INT64_MAX : INT64_MIN) : out;
}

caf::error check_times(const json::object& claims, const jwt_verify_options& opt) {
  auto exp = time_claim(claims, "exp");
  auto nbf = time_claim(claims, "nbf");
  auto iat = time_claim(claims, "iat");
  for (auto* t : {&exp, &nbf, &iat})
    if (!*t)
      return t->error();
  if (!*exp && opt.require_exp)
    return reject(jwt_rejection::missing_exp);
  if (*exp && add_sat(opt.now, -opt.leeway_seconds) >= **exp)
    return reject(jwt_rejection::expired);
  if (*nbf && **nbf > add_sat(opt.now, opt.leeway_seconds))
    return reject(jwt_rejection::not_yet_valid);
  if (*iat && **iat > add_sat(opt.now, opt.leeway_seconds))
    return reject(jwt_rejection::issued_in_future);
  return {};
}

bool has_audience(const json::value* aud, std::string_view expected) {
  if (!aud)
    return false;
  if (auto* s = aud->if_string())
    return *s == expected;
  if (auto* arr = aud->if_array())
    for (const auto& item : *arr)
      if (item.is_string() && item.get_string() == expected)
        return true;
  return false;
}

caf::error check_parties(const json::object& claims, const jwt_verify_options& opt) {
  if (opt.issuer) {
    auto* iss = string_member(claims, "iss");
    if (!iss || *iss != *opt.issuer)
      return reject(jwt_rejection::wrong_issuer);
  }
  if (opt.audience && !has_audience(claims.if_contains("aud"), *opt.audience))
    return reject(jwt_rejection::wrong_audience);
  return {};
}

// Header first, then the signature, and only then the claims: nothing in the payload is
// interpreted before it is known to come from a key holder.
caf::expected<json::object> verify(std::string_view token, const key_lookup& lookup,
                                   const jwt_verify_options& opt) {
  auto s = split(token);
  if (!s)
    return s.error();
  auto header = decode_object(s->header, "header");
  if (!header)
    return header.error();
  if (auto err = check_header(*header))
    return err;
  auto secret = lookup(*header);
  if (!secret)
    return secret.error();
  if (auto err = check_signature(*s, *secret))
    return err;
  auto claims = decode_object(s->claims, "claims");
  if (!claims)
    return claims.error();
  if (auto err = check_times(*claims, opt))
    return err;
  if (auto err = check_parties(*claims, opt))
    return err;
  return claims;
}

std::string encode_json(const json::object& obj) {
  return base64url_encode(json::serialize(obj));
}

} // namespace

const jwt_key* jwt_key_ring::find(std::string_view kid) const {
  for (const auto& key : keys)
    if (key.kid == kid)
      return &key;
  return nullptr;
}

const char* to_string(jwt_rejection reason) {
  switch (reason) {
    case jwt_rejection::malformed:
      return "malformed";
    case jwt_rejection::bad_base64:
      return "bad_base64";
    case jwt_rejection::bad_json:
      return "bad_json";
    case jwt_rejection::alg_none:
      return "alg_none";
    case jwt_rejection::alg_not_allowed:
      return "alg_not_allowed";
    case jwt_rejection::missing_kid:
      return "missing_kid";
    case jwt_rejection::unknown_kid:
      return "unknown_kid";
    case jwt_rejection::bad_signature:
      return "bad_signature";
    case jwt_rejection::bad_claim:
      return "bad_claim";
    case jwt_rejection::missing_exp:
      return "missing_exp";
    case jwt_rejection::expired:
      return "expired";
    case jwt_rejection::not_yet_valid:
      return "not_yet_valid";
    case jwt_rejection::issued_in_future:
      return "issued_in_future";
    case jwt_rejection::wrong_issuer:
      return "wrong_issuer";
    case jwt_rejection::wrong_audience:
      return "wrong_audience";
  }
  return "unknown";
}

std::string jwt_sign_hs256(const json::object& claims, std::string_view secret,
                           std::string_view kid) {
  json::object header{{"alg", "HS256"}, {"typ", "JWT"}};
  if (!kid.empty())
    header["kid"] = kid;
  auto input = encode_json(header) + '.' + encode_json(claims);
  return input + '.' + base64url_encode(hmac_sha256(secret, input));
}

caf::expected<std::string> jwt_sign(const json::object& claims, const jwt_key_ring& ring) {
  const auto* key = ring.active();
  if (!key || key->secret.empty())
    return make_error(errc::invalid_argument, "the JWT key ring has no active key");
  return jwt_sign_hs256(claims, key->secret, key->kid);
}

caf::expected<json::object> jwt_verify(std::string_view token, const jwt_key_ring& ring,
                                       const jwt_verify_options& options) {
  auto by_kid = [&ring](const json::object& header) -> caf::expected<std::string_view> {
    auto* kid = string_member(header, "kid");
    if (!kid)
      return reject(jwt_rejection::missing_kid);
    const auto* key = ring.find(*kid);
    if (!key)
      return reject(jwt_rejection::unknown_kid);
    return std::string_view{key->secret};
  };
  return verify(token, by_kid, options);
}

caf::expected<json::object> jwt_verify_hs256(std::string_view token, std::string_view secret,
                                             const jwt_verify_options& options) {
  auto fixed = [secret](const json::object&) -> caf::expected<std::string_view> { return secret; };
  return verify(token, fixed, options);
}

std::optional<jwt_rejection> jwt_rejection_of(const caf::error& err) {
  const auto& ctx = err.context();
  if (code_of(err) != errc::unauthenticated || ctx.size() != 2 || !ctx.match_element<uint8_t>(1))
    return std::nullopt;
  return static_cast<jwt_rejection>(ctx.get_as<uint8_t>(1));
}

} // namespace colors
