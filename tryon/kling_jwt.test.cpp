#include "tryon/kling_jwt.hpp"

#include "common/base64.hpp"
#include "common/jwt.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace colors;
using namespace colors::tryon;
namespace json = boost::json;

namespace {

constexpr int64_t now = 1'800'000'000;
const kling_credentials creds{"AK-test", "SK-test-secret"};
const kling_accounts accounts{{"AK-test", "SK-test-secret"}};

json::value segment(const std::string& token, int which) {
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  auto text = which == 0 ? token.substr(0, first) : token.substr(first + 1, second - first - 1);
  return json::parse(*base64url_decode(text));
}

std::string bearer(const std::string& token) {
  return "Bearer " + token;
}

} // namespace

TEST_CASE("a minted token has Kling's header and exactly iss, exp = now+1800, nbf = now-5") {
  auto token = mint_kling_token(creds, now);
  CHECK(segment(token, 0) == json::parse(R"({"alg":"HS256","typ":"JWT"})"));
  CHECK(segment(token, 1)
        == json::value(json::object{{"iss", "AK-test"}, {"exp", now + 1800}, {"nbf", now - 5}}));
  CHECK(jwt_verify_hs256(token, creds.secret_key, jwt_verify_options{.now = now}));
}

TEST_CASE("the token cache re-mints within the margin before expiry and after invalidate") {
  kling_token_cache cache{creds, 300};
  auto first = cache.token(now);
  CHECK(cache.token(now + 1000) == first);
  CHECK(cache.token(now + 1499) == first);
  auto second = cache.token(now + 1500); // 300 s before exp
  CHECK(second != first);
  CHECK(segment(second, 1).at("exp").as_int64() == now + 1500 + 1800);
  cache.invalidate();
  CHECK(cache.token(now + 1501) != second);
}

TEST_CASE("verification answers Kling's authentication codes") {
  auto token = mint_kling_token(creds, now);
  auto ok = verify_kling_authorization(bearer(token), accounts, now);
  CHECK(ok.code == 0);
  CHECK(ok.account == "AK-test");
  CHECK(verify_kling_authorization("", accounts, now).code == 1001);
  CHECK(verify_kling_authorization("Basic abc", accounts, now).code == 1002);
  CHECK(verify_kling_authorization("Bearer not.a.jwt", accounts, now).code == 1002);
  SUBCASE("expired") {
    CHECK(verify_kling_authorization(bearer(token), accounts, now + 1800).code == 1004);
  }
  SUBCASE("not yet valid") {
    CHECK(verify_kling_authorization(bearer(token), accounts, now - 6).code == 1003);
  }
  SUBCASE("bad signature") {
    auto forged = mint_kling_token({"AK-test", "another-secret"}, now);
    CHECK(verify_kling_authorization(bearer(forged), accounts, now).code == 1002);
  }
  SUBCASE("unknown issuer") {
    auto stranger = mint_kling_token({"AK-other", "SK-test-secret"}, now);
    CHECK(verify_kling_authorization(bearer(stranger), accounts, now).code == 1002);
  }
}
