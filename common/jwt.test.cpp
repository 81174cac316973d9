#include "common/jwt.hpp"

#include "common/base64.hpp"
#include "common/digest.hpp"
#include "common/errc.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace colors;
namespace json = boost::json;

namespace {

constexpr int64_t now = 1'800'000'000;

jwt_key_ring test_ring() {
  jwt_key_ring ring;
  ring.keys.push_back({"old", std::string(32, 'o')});
  ring.keys.push_back({"new", std::string(32, 'n')});
  ring.active_kid = "new";
  return ring;
}

json::object valid_claims() {
  return {{"sub", "user-1"}, {"iss", "colors"}, {"aud", "colors-api"},
          {"iat", now - 10}, {"nbf", now - 10}, {"exp", now + 900}};
}

jwt_verify_options options() {
  jwt_verify_options opt;
  opt.now = now;
  opt.issuer = "colors";
  opt.audience = "colors-api";
  return opt;
}

std::string sign(const json::object& claims) {
  auto token = jwt_sign(claims, test_ring());
  REQUIRE(token);
  return *token;
}

// The reason a token is refused (nullopt if it verifies).
std::optional<jwt_rejection> rejection(std::string_view token,
                                       const jwt_verify_options& opt = options()) {
  auto claims = jwt_verify(token, test_ring(), opt);
  if (claims)
    return std::nullopt;
  CHECK(code_of(claims.error()) == errc::unauthenticated);
  return jwt_rejection_of(claims.error());
}

// A token with exactly these header and claims texts, signed with `secret`.
std::string forge(std::string_view header, std::string_view claims,
                  std::string_view secret = std::string(32, 'n')) {
  auto input = base64url_encode(header) + "." + base64url_encode(claims);
  return input + "." + base64url_encode(hmac_sha256(secret, input));
}

std::string claims_json(int64_t exp = now + 900) {
  return R"({"sub":"user-1","iss":"colors","aud":"colors-api","exp":)" + std::to_string(exp) + "}";
}

} // namespace

TEST_CASE("the RFC 7515 appendix A.1 HS256 example verifies with its key (known answer)") {
  const std::string token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
                            ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlL"
                            "mNvbS9pc19yb290Ijp0cnVlfQ"
                            ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  auto key = base64url_decode(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
  REQUIRE(key);
  jwt_verify_options opt;
  opt.now = 1300819370;
  auto claims = jwt_verify_hs256(token, *key, opt);
  REQUIRE(claims);
  CHECK(claims->at("iss").as_string() == "joe");
  CHECK(claims->at("http://example.com/is_root").as_bool());
  opt.now = 1300819380 + 30;
  auto late = jwt_verify_hs256(token, *key, opt);
  REQUIRE_FALSE(late);
  CHECK(jwt_rejection_of(late.error()) == jwt_rejection::expired);
  auto wrong_key =
      jwt_verify_hs256(token, std::string(64, 'x'), jwt_verify_options{.now = 1300819370});
  REQUIRE_FALSE(wrong_key);
  CHECK(jwt_rejection_of(wrong_key.error()) == jwt_rejection::bad_signature);
}

TEST_CASE("a signed token carries alg, typ and kid and verifies to its claims") {
  auto token = sign(valid_claims());
  auto header = base64url_decode(token.substr(0, token.find('.')));
  REQUIRE(header);
  CHECK(*header == R"({"alg":"HS256","typ":"JWT","kid":"new"})");
  auto claims = jwt_verify(token, test_ring(), options());
  REQUIRE(claims);
  CHECK(*claims == valid_claims());
}

TEST_CASE("generic HS256 signing without a kid makes Kling-style tokens") {
  json::object claims{{"iss", "access-key"}, {"exp", now + 1800}, {"nbf", now - 5}};
  auto token = jwt_sign_hs256(claims, "kling-secret-key");
  auto header = base64url_decode(token.substr(0, token.find('.')));
  REQUIRE(header);
  CHECK(*header == R"({"alg":"HS256","typ":"JWT"})");
  auto verified = jwt_verify_hs256(token, "kling-secret-key", jwt_verify_options{.now = now});
  REQUIRE(verified);
  CHECK(verified->at("iss").as_string() == "access-key");
}

TEST_CASE("signing needs an active key in the ring") {
  auto ring = test_ring();
  ring.active_kid = "gone";
  auto token = jwt_sign(valid_claims(), ring);
  REQUIRE_FALSE(token);
  CHECK(code_of(token.error()) == errc::invalid_argument);
}

TEST_CASE("tokens signed with an older key still verify after rotation") {
  auto ring = test_ring();
  ring.active_kid = "old";
  auto old_token = jwt_sign(valid_claims(), ring);
  REQUIRE(old_token);
  CHECK(jwt_verify(*old_token, test_ring(), options()));
}

TEST_CASE("alg none is rejected in any spelling, signed or not") {
  auto claims = claims_json();
  for (auto alg : {"none", "None", "NONE"}) {
    auto header = std::string{R"({"alg":")"} + alg + R"(","typ":"JWT","kid":"new"})";
    auto unsigned_token = base64url_encode(header) + "." + base64url_encode(claims) + ".";
    CHECK(rejection(unsigned_token) == jwt_rejection::alg_none);
    CHECK(rejection(forge(header, claims)) == jwt_rejection::alg_none);
  }
}

TEST_CASE("any algorithm other than HS256 is rejected, as is a missing one") {
  for (auto header :
       {R"({"alg":"HS512","kid":"new"})", R"({"alg":"RS256","kid":"new"})",
        R"({"alg":"hs256","kid":"new"})", R"({"alg":256,"kid":"new"})", R"({"kid":"new"})"}) {
    CAPTURE(header);
    CHECK(rejection(forge(header, claims_json())) == jwt_rejection::alg_not_allowed);
  }
}

TEST_CASE("a missing or unknown kid is rejected") {
  CHECK(rejection(forge(R"({"alg":"HS256"})", claims_json())) == jwt_rejection::missing_kid);
  CHECK(rejection(forge(R"({"alg":"HS256","kid":7})", claims_json()))
        == jwt_rejection::missing_kid);
  CHECK(rejection(forge(R"({"alg":"HS256","kid":"retired"})", claims_json()))
        == jwt_rejection::unknown_kid);
}

TEST_CASE("a wrong signature is rejected") {
  auto token = sign(valid_claims());
  auto body = token.substr(0, token.rfind('.'));
  CHECK(rejection(body + "." + base64url_encode(std::string(32, '\0')))
        == jwt_rejection::bad_signature);
  CHECK(rejection(body + "." + base64url_encode("short")) == jwt_rejection::bad_signature);
  CHECK(rejection(body + ".") == jwt_rejection::bad_signature);
  // Signed with another kid's key than the header names.
  CHECK(rejection(forge(R"({"alg":"HS256","kid":"old"})", claims_json(), std::string(32, 'n')))
        == jwt_rejection::bad_signature);
}

TEST_CASE("tampered claims or header break the signature") {
  auto token = sign(valid_claims());
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  auto claims = valid_claims();
  claims["sub"] = "admin";
  auto tampered =
      token.substr(0, first + 1) + base64url_encode(json::serialize(claims)) + token.substr(second);
  CHECK(rejection(tampered) == jwt_rejection::bad_signature);
  claims = valid_claims();
  claims["exp"] = now + 999999;
  tampered =
      token.substr(0, first + 1) + base64url_encode(json::serialize(claims)) + token.substr(second);
  CHECK(rejection(tampered) == jwt_rejection::bad_signature);
  auto header = base64url_encode(R"({"alg":"HS256","typ":"JWT","kid":"old"})");
  CHECK(rejection(header + token.substr(first)) == jwt_rejection::bad_signature);
}

TEST_CASE("malformed segment structure is rejected") {
  auto token = sign(valid_claims());
  for (const std::string& bad : std::vector<std::string>{
           "", "abc", "a.b", token + ".x", "." + token.substr(token.find('.') + 1),
           token.substr(0, token.find('.') + 1) + token.substr(token.rfind('.'))}) {
    CAPTURE(bad);
    CHECK(rejection(bad) == jwt_rejection::malformed);
  }
  CHECK(rejection(token + std::string(jwt_max_size, 'a')) == jwt_rejection::malformed);
  CHECK(rejection(forge(R"({"alg":"HS256","kid":"new","crit":["exp"]})", claims_json()))
        == jwt_rejection::malformed);
}

TEST_CASE("segments that are not canonical base64url are rejected") {
  auto token = sign(valid_claims());
  auto first = token.find('.');
  CHECK(rejection("e+J." + token.substr(first + 1)) == jwt_rejection::bad_base64);
  CHECK(rejection(token.substr(0, first) + "=" + token.substr(first)) == jwt_rejection::bad_base64);
  CHECK(rejection(token + "=") == jwt_rejection::bad_base64);
  CHECK(rejection(token.substr(0, token.rfind('.')) + ".a*b") == jwt_rejection::bad_base64);
  // Claims that do not decode, correctly signed.
  auto input = base64url_encode(R"({"alg":"HS256","kid":"new"})") + ".!!!";
  auto signed_garbage = input + "." + base64url_encode(hmac_sha256(std::string(32, 'n'), input));
  CHECK(rejection(signed_garbage) == jwt_rejection::bad_base64);
}

TEST_CASE("header or claims that are not a JSON object are rejected") {
  CHECK(rejection(forge("not json", claims_json())) == jwt_rejection::bad_json);
  CHECK(rejection(forge(R"(["alg","HS256"])", claims_json())) == jwt_rejection::bad_json);
  CHECK(rejection(forge(R"({"alg":"HS256","kid":"new"})", "{\"sub\":")) == jwt_rejection::bad_json);
  CHECK(rejection(forge(R"({"alg":"HS256","kid":"new"})", "42")) == jwt_rejection::bad_json);
}

TEST_CASE("an expired token is rejected after the leeway") {
  auto header = R"({"alg":"HS256","kid":"new"})";
  CHECK_FALSE(rejection(forge(header, claims_json(now + 1))));
  CHECK_FALSE(rejection(forge(header, claims_json(now - 29))));
  CHECK(rejection(forge(header, claims_json(now - 30))) == jwt_rejection::expired);
  auto strict = options();
  strict.leeway_seconds = 0;
  CHECK(rejection(forge(header, claims_json(now))) != jwt_rejection::expired);
  CHECK(rejection(forge(header, claims_json(now)), strict) == jwt_rejection::expired);
  CHECK(rejection(forge(header, claims_json(now + 1)), strict) == std::nullopt);
}

TEST_CASE("a token without exp is rejected unless the options allow it") {
  auto token = forge(R"({"alg":"HS256","kid":"new"})", R"({"iss":"colors","aud":"colors-api"})");
  CHECK(rejection(token) == jwt_rejection::missing_exp);
  auto lenient = options();
  lenient.require_exp = false;
  CHECK(rejection(token, lenient) == std::nullopt);
}

TEST_CASE("a token that is not yet valid is rejected beyond the leeway") {
  auto claims = valid_claims();
  claims["nbf"] = now + 31;
  CHECK(rejection(sign(claims)) == jwt_rejection::not_yet_valid);
  claims["nbf"] = now + 30;
  CHECK(rejection(sign(claims)) == std::nullopt);
}

TEST_CASE("a token issued in the future is rejected beyond the leeway") {
  auto claims = valid_claims();
  claims["iat"] = now + 31;
  CHECK(rejection(sign(claims)) == jwt_rejection::issued_in_future);
  claims["iat"] = now + 30;
  CHECK(rejection(sign(claims)) == std::nullopt);
}

TEST_CASE("time claims that are not numbers are rejected; fractions and huge values are fine") {
  for (auto bad : {json::value("soon"), json::value(nullptr), json::value(json::array{1})}) {
    auto claims = valid_claims();
    claims["exp"] = bad;
    CHECK(rejection(sign(claims)) == jwt_rejection::bad_claim);
    claims = valid_claims();
    claims["nbf"] = bad;
    CHECK(rejection(sign(claims)) == jwt_rejection::bad_claim);
    claims = valid_claims();
    claims["iat"] = bad;
    CHECK(rejection(sign(claims)) == jwt_rejection::bad_claim);
  }
  auto claims = valid_claims();
  claims["exp"] = static_cast<double>(now) + 100.5;
  CHECK(rejection(sign(claims)) == std::nullopt);
  claims["exp"] = UINT64_MAX;
  CHECK(rejection(sign(claims)) == std::nullopt);
  claims["exp"] = 1e300;
  CHECK(rejection(sign(claims)) == std::nullopt);
  claims["exp"] = -1e300;
  CHECK(rejection(sign(claims)) == jwt_rejection::expired);
}

TEST_CASE("a wrong or missing issuer is rejected when an issuer is configured") {
  auto claims = valid_claims();
  claims["iss"] = "someone-else";
  CHECK(rejection(sign(claims)) == jwt_rejection::wrong_issuer);
  claims["iss"] = 1;
  CHECK(rejection(sign(claims)) == jwt_rejection::wrong_issuer);
  claims.erase("iss");
  CHECK(rejection(sign(claims)) == jwt_rejection::wrong_issuer);
  auto any_issuer = options();
  any_issuer.issuer.reset();
  CHECK(rejection(sign(claims), any_issuer) == std::nullopt);
}

TEST_CASE("a wrong or missing audience is rejected when an audience is configured") {
  auto claims = valid_claims();
  claims["aud"] = "other-api";
  CHECK(rejection(sign(claims)) == jwt_rejection::wrong_audience);
  claims["aud"] = json::array{"other-api", "colors-api"};
  CHECK(rejection(sign(claims)) == std::nullopt);
  claims["aud"] = json::array{"other-api", 7};
  CHECK(rejection(sign(claims)) == jwt_rejection::wrong_audience);
  claims.erase("aud");
  CHECK(rejection(sign(claims)) == jwt_rejection::wrong_audience);
  auto any_audience = options();
  any_audience.audience.reset();
  CHECK(rejection(sign(claims), any_audience) == std::nullopt);
}

TEST_CASE("every rejection has a distinct name and a readable message") {
  std::set<std::string> names;
  for (int r = static_cast<int>(jwt_rejection::malformed);
       r <= static_cast<int>(jwt_rejection::wrong_audience); ++r)
    CHECK(names.insert(to_string(static_cast<jwt_rejection>(r))).second);
  CHECK(names.count("unknown") == 0);
  auto claims = jwt_verify("abc", test_ring(), options());
  REQUIRE_FALSE(claims);
  CHECK(message_of(claims.error()).starts_with("token rejected: malformed"));
  CHECK_FALSE(jwt_rejection_of(make_error(errc::unauthenticated, "other")));
  CHECK_FALSE(jwt_rejection_of(make_conflict("stale", 3)));
}
