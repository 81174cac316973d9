#include "identity/test_fixture.hpp"

#include "common/jwt.hpp"
#include "identity/tokens.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace colors;
using namespace colors::identity;
using namespace colors::identity::testing;

namespace {

principal as(const signed_in& s) {
  return principal{s.user.user_id(), nullptr};
}

// True when some file under `dir` contains `needle` byte for byte.
bool any_file_contains(const std::string& dir, const std::string& needle) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file())
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.find(needle) != std::string::npos)
      return true;
  }
  return false;
}

} // namespace

TEST_CASE("register signs the new customer in; login accepts the password and nothing else") {
  fixture f;
  auto reg = f.register_user(" Ada@Example.COM ");
  REQUIRE_MESSAGE(reg, (reg ? "" : message_of(reg.error())));
  CHECK(domain::user::has_role(reg->user, "CUSTOMER"));
  CHECK(f.svc->view(reg->user).email == "ada@example.com");
  auto who = f.authenticate(reg->tokens.access_token);
  REQUIRE(who);
  CHECK(who->user_id == reg->user.user_id());

  CHECK(f.login("ada@example.com", "correct horse 42"));
  auto wrong = f.login("ada@example.com", "wrong password 42");
  auto unknown = f.login("nobody@example.com", "correct horse 42");
  REQUIRE_FALSE(wrong);
  REQUIRE_FALSE(unknown);
  CHECK(message_of(wrong.error()) == message_of(unknown.error())); // no enumeration
  CHECK(code_of(wrong.error()) == errc::unauthenticated);
}

TEST_CASE("registration validates its input and changes nothing when it refuses") {
  fixture f;
  CHECK(code_of(f.register_user("not-an-email").error()) == errc::invalid_argument);
  CHECK(code_of(f.register_user("a@example.com", "short").error()) == errc::invalid_argument);
  CHECK(code_of(f.register_user("a@example.com", "correct horse 42", "").error())
        == errc::invalid_argument);
  CHECK(f.outbox().empty());
  CHECK(f.register_user("a@example.com"));
}

TEST_CASE("of concurrent registrations of one address exactly one wins") {
  fixture f;
  std::atomic<int> won{0}, duplicate{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      auto r = f.register_user("race@example.com");
      if (r)
        ++won;
      else if (code_of(r.error()) == errc::duplicate)
        ++duplicate;
    });
  for (auto& t : threads)
    t.join();
  CHECK(won == 1);
  CHECK(duplicate == 7);
}

TEST_CASE("refresh rotates; presenting a rotated refresh token ends the whole session") {
  fixture f;
  auto reg = f.register_user("rot@example.com");
  REQUIRE_MESSAGE(reg, (reg ? "" : message_of(reg.error())));
  auto first = reg->tokens.refresh_token;
  auto second = wait_for<signed_in>([&](auto done) { f.svc->refresh(first, done); });
  REQUIRE(second);
  CHECK(second->tokens.refresh_token != first);
  auto reused = wait_for<signed_in>([&](auto done) { f.svc->refresh(first, done); });
  REQUIRE_FALSE(reused);
  CHECK(code_of(reused.error()) == errc::unauthenticated);
  auto after = wait_for<signed_in>([&](auto done) { f.svc->refresh(second->tokens.refresh_token, done); });
  CHECK_FALSE(after); // the family ended with the reuse
  CHECK_FALSE(wait_for<signed_in>([&](auto done) { f.svc->refresh("garbage", done); }));
}

TEST_CASE("logout ends one session; logoutAll voids every access token issued before it") {
  fixture f;
  auto reg = f.register_user("out@example.com");
  REQUIRE_MESSAGE(reg, (reg ? "" : message_of(reg.error())));
  auto other = f.login("out@example.com", "correct horse 42");
  REQUIRE(other);
  CHECK(wait_for<bool>([&](auto done) { f.svc->logout(as(*reg), reg->tokens.refresh_token, done); }));
  CHECK_FALSE(wait_for<signed_in>([&](auto done) { f.svc->refresh(reg->tokens.refresh_token, done); }));
  CHECK(f.authenticate(other->tokens.access_token));
  CHECK(wait_for<bool>([&](auto done) { f.svc->logout_all(as(*reg), done); }));
  auto stale = f.authenticate(other->tokens.access_token);
  REQUIRE_FALSE(stale);
  CHECK(code_of(stale.error()) == errc::unauthenticated);
  CHECK(f.authenticate(f.login("out@example.com", "correct horse 42")->tokens.access_token));
}

TEST_CASE("the verification link from the outbox verifies the address once") {
  fixture f;
  auto reg = f.register_user("verify@example.com");
  REQUIRE_MESSAGE(reg, (reg ? "" : message_of(reg.error())));
  auto mails = f.outbox();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].to == "verify@example.com");
  auto token = f.token_from_mail("verify_email");
  auto verified = wait_for<events::UserState>([&](auto done) { f.svc->verify_email(token, done); });
  REQUIRE(verified);
  CHECK(verified->email_verified());
  auto again = wait_for<events::UserState>([&](auto done) { f.svc->verify_email(token, done); });
  CHECK(code_of(again.error()) == errc::invalid_argument);
}

TEST_CASE("a password reset link sets a new password, ends sessions, and works once") {
  fixture f;
  auto reg = f.register_user("reset@example.com");
  REQUIRE_MESSAGE(reg, (reg ? "" : message_of(reg.error())));
  CHECK(wait_for<bool>([&](auto done) { f.svc->request_password_reset("reset@example.com", "1.2.3.4", done); }));
  CHECK(wait_for<bool>([&](auto done) { f.svc->request_password_reset("nobody@example.com", "1.2.3.4", done); }));
  // The reset runs after the answer: wait until its mail is queued.
  for (int i = 0; i < 200 && f.outbox().size() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto token = f.token_from_mail("reset_password");
  CHECK(wait_for<bool>([&](auto done) { f.svc->reset_password(token, "a brand new secret", done); }));
  CHECK_FALSE(wait_for<bool>([&](auto done) { f.svc->reset_password(token, "another new secret", done); }));
  CHECK_FALSE(f.authenticate(reg->tokens.access_token));
  CHECK_FALSE(f.login("reset@example.com", "correct horse 42"));
  CHECK(f.login("reset@example.com", "a brand new secret"));
}

TEST_CASE("roles: a grant reaches the directory at once, a revoke voids the user's tokens") {
  fixture f;
  auto admin = f.register_user("boss@example.com");
  auto shop = f.register_user("shop@example.com");
  REQUIRE(admin);
  REQUIRE(shop);
  auto granted = wait_for<events::UserState>([&](auto done) {
    f.svc->grant_role(as(*admin), shop->user.user_id(), "BRAND_ADMIN", {"brand-1"}, done);
  });
  REQUIRE(granted);
  auto who = f.authenticate(shop->tokens.access_token);
  REQUIRE(who);
  CHECK(who->administers("brand-1"));
  CHECK_FALSE(who->administers("brand-2"));
  CHECK(wait_for<events::UserState>([&](auto done) {
    f.svc->revoke_role(as(*admin), shop->user.user_id(), "BRAND_ADMIN", done);
  }));
  CHECK_FALSE(f.authenticate(shop->tokens.access_token));
}

TEST_CASE("access tokens: forged, tampered, expired or of another key are refused") {
  fixture f;
  auto reg = f.register_user("tok@example.com");
  REQUIRE_MESSAGE(reg, (reg ? "" : message_of(reg.error())));
  auto now = std::time(nullptr);
  auto claims = boost::json::object{{"sub", reg->user.user_id()}, {"ep", 0}, {"iat", now},
                                    {"nbf", now}, {"exp", now + 600}, {"iss", "colors"}};
  const auto& key = f.keys.jwt.keys[0].secret;
  CHECK(f.authenticate(jwt_sign_hs256(claims, key, "k1")));
  auto none = base64url_encode(R"({"alg":"none","typ":"JWT","kid":"k1"})") + "."
              + base64url_encode(boost::json::serialize(claims)) + ".";
  CHECK_FALSE(f.authenticate(none));
  CHECK_FALSE(f.authenticate(jwt_sign_hs256(claims, random_bytes(32), "k1")));
  CHECK_FALSE(f.authenticate(jwt_sign_hs256(claims, key, "k2")));
  auto expired = claims;
  expired["exp"] = now - 120;
  CHECK_FALSE(f.authenticate(jwt_sign_hs256(expired, key, "k1")));
  auto early = claims;
  early["nbf"] = now + 600;
  CHECK_FALSE(f.authenticate(jwt_sign_hs256(early, key, "k1")));
  auto token = jwt_sign_hs256(claims, key, "k1");
  auto dot = token.find('.');
  auto dot2 = token.find('.', dot + 1);
  auto admin = claims;
  admin["sub"] = "someone-else";
  auto tampered = token.substr(0, dot + 1) + base64url_encode(boost::json::serialize(admin))
                  + token.substr(dot2);
  CHECK_FALSE(f.authenticate(tampered));
}

TEST_CASE("erasure shreds the data key: personal data never sits on disk in plain text and is "
          "unreadable afterwards, also in the outbox; the address can be used again") {
  fixture f;
  const std::string marker = "zq-marker-7731@example.com";
  auto reg = f.register_user(marker, "correct horse 42", "Marker Person");
  REQUIRE_MESSAGE(reg, (reg ? "" : message_of(reg.error())));
  REQUIRE(f.holder->current()->flush() == caf::error{});
  CHECK_FALSE(any_file_contains(f.dir.path(), "zq-marker-7731"));
  CHECK_FALSE(any_file_contains(f.dir.path(), "Marker Person"));

  auto erased = wait_for<bool>([&](auto done) {
    f.svc->erase(as(*reg), reg->user.user_id(), "correct horse 42", done);
  });
  REQUIRE_MESSAGE(erased, (erased ? "" : message_of(erased.error())));
  CHECK_FALSE(f.authenticate(reg->tokens.access_token));
  auto mails = f.outbox();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].to == "[erased]");
  auto after = f.login(marker, "correct horse 42");
  CHECK_FALSE(after);
  CHECK_FALSE(any_file_contains(f.dir.path(), "zq-marker-7731"));
  CHECK(f.register_user(marker)); // the address is free again
}

TEST_CASE("a self-erasure needs the password") {
  fixture f;
  auto reg = f.register_user("keep@example.com");
  REQUIRE_MESSAGE(reg, (reg ? "" : message_of(reg.error())));
  auto refused = wait_for<bool>([&](auto done) {
    f.svc->erase(as(*reg), reg->user.user_id(), "not my password", done);
  });
  CHECK(code_of(refused.error()) == errc::invalid_argument);
  CHECK(f.authenticate(reg->tokens.access_token));
}

TEST_CASE("throttled logins answer rate_limited before any password check") {
  std::atomic<int> calls{0};
  fixture f{[&](std::string_view cls, const std::string&) -> std::optional<std::chrono::milliseconds> {
    if (cls == "login" && ++calls > 1)
      return std::chrono::milliseconds{1500};
    return std::nullopt;
  }};
  REQUIRE(f.register_user("limit@example.com"));
  auto limited = f.login("limit@example.com", "correct horse 42");
  REQUIRE_FALSE(limited);
  CHECK(code_of(limited.error()) == errc::rate_limited);
  CHECK(message_of(limited.error()).find("2 s") != std::string::npos);
}

TEST_CASE("export holds the account, its history and its mails") {
  fixture f;
  auto reg = f.register_user("export@example.com");
  REQUIRE_MESSAGE(reg, (reg ? "" : message_of(reg.error())));
  auto text = wait_for<std::string>([&](auto done) { f.svc->export_data(as(*reg), done); });
  REQUIRE(text);
  auto doc = boost::json::parse(*text).as_object();
  CHECK(doc.at("account").at("email") == "export@example.com");
  CHECK(doc.at("accountHistory").as_array().size() >= 3);
  CHECK(doc.at("mails").as_array().size() == 1);
}

TEST_CASE("the access token memo answers as verify_access_token does, expiry included") {
  jwt_key_ring ring{{{"k1", std::string(32, 'x')}}, "k1"};
  int64_t now = 1'700'000'000;
  access_claims c{"user-1", 3, now + 100};
  auto token = issue_access_token(ring, c, now, "colors");
  REQUIRE(token);
  access_token_cache cache{2};
  auto same = [&](const std::string& t, int64_t at) {
    auto plain = verify_access_token(t, ring, at, "colors");
    auto memo = cache.verify(t, ring, at, "colors");
    REQUIRE(bool(plain) == bool(memo));
    if (plain) {
      CHECK(memo->user_id == plain->user_id);
      CHECK(memo->epoch == plain->epoch);
      CHECK(memo->expires_at == plain->expires_at);
    } else {
      CHECK(message_of(memo.error()) == message_of(plain.error()));
    }
    return bool(memo);
  };
  CHECK(same(*token, now));
  CHECK(same(*token, now + 129)); // a hit, within the leeway
  CHECK(cache.size() == 1);
  CHECK_FALSE(same(*token, now + 130));
  CHECK(cache.size() == 0);
  CHECK(same(*token, now)); // checked in full again, and remembered again
  CHECK(cache.size() == 1);
  CHECK_FALSE(same(*token + "x", now));
  jwt_key_ring other{{{"k1", std::string(32, 'y')}}, "k1"};
  auto forged = issue_access_token(other, c, now, "colors");
  CHECK_FALSE(same(*forged, now));
  auto early = issue_access_token(ring, c, now + 100, "colors"); // iat/nbf beyond the leeway
  CHECK_FALSE(same(*early, now));
  CHECK(cache.size() == 1); // refused tokens are not remembered
  auto second = issue_access_token(ring, access_claims{"user-2", 0, now + 100}, now, "colors");
  auto third = issue_access_token(ring, access_claims{"user-3", 0, now + 100}, now, "colors");
  CHECK(same(*second, now));
  CHECK(same(*third, now)); // past the capacity: starts over
  CHECK(cache.size() <= 2);
  CHECK(same(*token, now + 1));
  CHECK(same(*second, now + 1));
}
