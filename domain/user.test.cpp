#include "domain/user.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::domain;
using user::command;
using user::state;

// Named apart from the other test files of the module, which share its unity-build batch.
namespace user_test {

namespace {

// Applies a command's events to `s`; fails the test when it is refused.
state run(state s, const command& cmd) {
  auto events = user::decide(s, cmd);
  REQUIRE_MESSAGE(events, (events ? "" : message_of(events.error())));
  for (const auto& ev : *events)
    s = user::evolve(std::move(s), ev);
  return s;
}

caf::error refusal(const state& s, const command& cmd) {
  auto events = user::decide(s, cmd);
  REQUIRE_FALSE(events);
  return events.error();
}

command at(int64_t now) {
  command c;
  c.set_now(now);
  return c;
}

state registered(int64_t now = 1000) {
  auto c = at(now);
  auto* r = c.mutable_register_();
  r->set_user_id("u1");
  r->set_email_hash("hash");
  r->set_email_sealed("sealed-email");
  r->set_password_hash("$argon2id$old");
  r->add_roles("CUSTOMER");
  return run({}, c);
}

command start_session(const std::string& family, const std::string& hash, int64_t now = 2000) {
  auto c = at(now);
  auto* s = c.mutable_start_session();
  s->set_family_id(family);
  s->set_token_hash(hash);
  s->set_expires_at(now + 1'000'000);
  return c;
}

command refresh(const std::string& family, const std::string& presented, const std::string& next,
                int64_t now = 3000) {
  auto c = at(now);
  auto* r = c.mutable_refresh_session();
  r->set_family_id(family);
  r->set_presented_hash(presented);
  r->set_token_hash(next);
  r->set_expires_at(now + 1'000'000);
  return c;
}

} // namespace

TEST_CASE("registering creates a customer once; every other command needs a registered user") {
  auto s = registered();
  CHECK(s.registered());
  CHECK(s.user_id() == "u1");
  CHECK(user::has_role(s, "CUSTOMER"));
  CHECK(s.created_at() == 1000);
  auto again = at(1);
  *again.mutable_register_() = events::UserRegistered{};
  again.mutable_register_()->set_user_id("u1");
  again.mutable_register_()->set_email_hash("h");
  again.mutable_register_()->set_password_hash("p");
  CHECK(code_of(refusal(s, again)) == errc::duplicate);
  CHECK(code_of(refusal(state{}, start_session("f", "h"))) == errc::not_found);
}

TEST_CASE("an email verification token is single-use and expires") {
  auto s = registered();
  auto issue = at(1000);
  issue.mutable_issue_verification()->set_token_hash("t1");
  issue.mutable_issue_verification()->set_expires_at(5000);
  s = run(s, issue);
  auto verify = [](const std::string& hash, int64_t now) {
    auto c = at(now);
    c.mutable_verify_email()->set_token_hash(hash);
    return c;
  };
  CHECK(message_of(refusal(s, verify("wrong", 2000))).find("invalid") != std::string::npos);
  CHECK(message_of(refusal(s, verify("t1", 5000))).find("expired") != std::string::npos);
  s = run(s, verify("t1", 4999));
  CHECK(s.email_verified());
  CHECK(code_of(refusal(s, verify("t1", 4999))) == errc::invalid_argument);
}

TEST_CASE("refresh rotates the family's token; presenting a rotated token ends the family") {
  auto s = run(registered(), start_session("f1", "r0"));
  s = run(s, refresh("f1", "r0", "r1"));
  REQUIRE(user::session_of(s, "f1"));
  CHECK(user::session_of(s, "f1")->token_hash() == "r1");
  CHECK(user::session_of(s, "f1")->generation() == 1);
  s = run(s, refresh("f1", "r0", "r2")); // r0 was rotated away: reuse
  CHECK(user::session_of(s, "f1") == nullptr);
  CHECK(code_of(refusal(s, refresh("f1", "r1", "r3"))) == errc::unauthenticated);
}

TEST_CASE("an expired session cannot be refreshed, and logout ends only its own family") {
  auto s = run(registered(), start_session("f1", "a", 2000));
  s = run(s, start_session("f2", "b", 2000));
  CHECK(code_of(refusal(s, refresh("f1", "a", "a2", 2000 + 1'000'000))) == errc::unauthenticated);
  auto logout = at(3000);
  logout.mutable_end_session()->set_family_id("f1");
  s = run(s, logout);
  CHECK(user::session_of(s, "f1") == nullptr);
  CHECK(user::session_of(s, "f2") != nullptr);
  CHECK(user::decide(s, logout)->empty()); // a second logout changes nothing
}

TEST_CASE("at most max_sessions families: starting one more ends the oldest") {
  auto s = registered();
  for (size_t i = 0; i < user::max_sessions; ++i)
    s = run(s, start_session("f" + std::to_string(i), "h", 2000 + int64_t(i)));
  s = run(s, start_session("new", "h", 9000));
  CHECK(s.sessions_size() == int(user::max_sessions));
  CHECK(user::session_of(s, "f0") == nullptr);
  CHECK(user::session_of(s, "new") != nullptr);
}

TEST_CASE("logging out everywhere, a password change or reset end all sessions and bump the "
          "token epoch") {
  auto s = run(registered(), start_session("f1", "a"));
  auto epoch = s.token_epoch();
  auto change = at(3000);
  change.mutable_change_password()->set_password_hash("$argon2id$new");
  s = run(s, change);
  CHECK(s.password_hash() == "$argon2id$new");
  CHECK(s.sessions_size() == 0);
  CHECK(s.token_epoch() == epoch + 1);

  auto issue = at(4000);
  issue.mutable_issue_reset()->set_token_hash("reset");
  issue.mutable_issue_reset()->set_expires_at(9000);
  s = run(run(s, start_session("f2", "b")), issue);
  auto reset = at(5000);
  reset.mutable_reset_password()->set_token_hash("reset");
  reset.mutable_reset_password()->set_password_hash("$argon2id$reset");
  s = run(s, reset);
  CHECK(s.password_hash() == "$argon2id$reset");
  CHECK(s.sessions_size() == 0);
  CHECK(s.token_epoch() == epoch + 2);
  CHECK(code_of(refusal(s, reset)) == errc::invalid_argument); // single use

  auto all = at(6000);
  all.mutable_end_all_sessions();
  CHECK(run(s, all).token_epoch() == epoch + 3);
}

TEST_CASE("roles: grant is idempotent, BRAND_ADMIN is scoped to brands, revoke ends sessions") {
  auto s = registered();
  auto grant = [](const std::string& role, std::vector<std::string> brands) {
    auto c = at(2000);
    c.mutable_grant_role()->set_role(role);
    for (auto& b : brands)
      c.mutable_grant_role()->add_brand_ids(b);
    return c;
  };
  CHECK(code_of(refusal(s, grant("KING", {}))) == errc::invalid_argument);
  CHECK(code_of(refusal(s, grant("BRAND_ADMIN", {}))) == errc::invalid_argument);
  s = run(s, grant("BRAND_ADMIN", {"b1"}));
  s = run(s, grant("BRAND_ADMIN", {"b2", "b1"}));
  CHECK(user::administers_brand(s, "b1"));
  CHECK(user::administers_brand(s, "b2"));
  CHECK_FALSE(user::administers_brand(s, "b3"));
  CHECK(user::decide(s, grant("CUSTOMER", {}))->empty());
  auto revoke = at(3000);
  revoke.mutable_revoke_role()->set_role("BRAND_ADMIN");
  auto epoch = s.token_epoch();
  s = run(s, revoke);
  CHECK_FALSE(user::has_role(s, "BRAND_ADMIN"));
  CHECK(s.token_epoch() == epoch + 1);
}

TEST_CASE("erasure keeps only that the account existed; later commands find it deleted") {
  auto s = run(registered(), start_session("f1", "a"));
  auto erase = at(5000);
  erase.mutable_erase()->set_by("u1");
  s = run(s, erase);
  CHECK(s.erased());
  CHECK(s.email_sealed().empty());
  CHECK(s.email_hash().empty());
  CHECK(s.password_hash().empty());
  CHECK(s.sessions_size() == 0);
  CHECK(message_of(refusal(s, start_session("f2", "b"))) == "This account was deleted.");
}

TEST_CASE("events and snapshots round-trip through their stored forms") {
  auto s = run(registered(), start_session("f1", "a"));
  auto events = user::decide(s, refresh("f1", "a", "b"));
  REQUIRE(events);
  auto stored = user::encode(events->front());
  events::envelope env;
  env.set_type(stored.type);
  env.set_payload(stored.payload);
  auto decoded = user::decode(env);
  REQUIRE(decoded);
  CHECK(decoded->session_refreshed().token_hash() == "b");
  auto back = user::decode_state(user::encode_state(s));
  REQUIRE(back);
  CHECK(back->SerializeAsString() == s.SerializeAsString());
  env.set_type("colors.events.Other");
  CHECK(code_of(user::decode(env).error()) == errc::corrupt);
}

} // namespace user_test
