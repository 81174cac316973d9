// Registration, email ownership, verification, passwords, profile, erasure and data export.
#include "identity/flow.hpp"

#include "common/digest.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"
#include "common/log.hpp"
#include "common/password.hpp"
#include "domain/user.hpp"
#include "events/client.hpp"

#include <future>

namespace colors::identity {

namespace json = boost::json;
using events::UserState;

namespace {

constexpr size_t max_display_name = 80;
constexpr int64_t stale_claim_ms = 60'000;

caf::error invalid(std::string message) {
  return make_error(errc::invalid_argument, std::move(message));
}

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

caf::error validate_email(std::string_view email) {
  auto at = email.find('@');
  if (email.size() > 254 || at == std::string_view::npos || at == 0
      || email.find('@', at + 1) != std::string_view::npos
      || email.find('.', at + 2) == std::string_view::npos || email.back() == '.'
      || email.find_first_of(" \t\r\n<>,;\"") != std::string_view::npos)
    return invalid("Enter a valid email address, like name@example.com.");
  return {};
}

caf::error validate_display_name(std::string_view name) {
  auto n = code_points(name);
  if (n == 0 || n > max_display_name)
    return invalid("The display name must have 1 to 80 characters.");
  for (unsigned char c : name)
    if (c < 0x20)
      return invalid("The display name must not contain control characters.");
  return {};
}

// favoriteColors, styles, brands, sizes: lists of at most 20 short strings.
caf::error validate_preferences(const json::object& prefs) {
  for (const auto& [key, value] : prefs) {
    if (key != "favoriteColors" && key != "styles" && key != "brands" && key != "sizes")
      return invalid("Unknown preference " + std::string{key} + ".");
    if (!value.is_array() || value.as_array().size() > 20)
      return invalid("A preference is a list of at most 20 entries.");
    for (const auto& item : value.as_array())
      if (!item.is_string() || item.as_string().empty() || item.as_string().size() > 40)
        return invalid("Each preference entry must have 1 to 40 characters.");
  }
  return {};
}

std::optional<std::string> claimant(const events::envelope& env) {
  if (env.type() != "colors.events.EmailClaimed")
    return std::nullopt;
  events::EmailClaimed claim;
  if (!claim.ParseFromString(env.payload()))
    return std::nullopt;
  return claim.user_id();
}

} // namespace

caf::expected<std::optional<std::string>> service::flow::email_holder(const std::string& lookup) {
  auto history = read("email-" + lookup, 1, 1000);
  if (!history)
    return history.error();
  if (history->empty())
    return std::optional<std::string>{};
  return claimant(history->back());
}

caf::error service::flow::claim_email(const std::string& lookup, const std::string& user_id) {
  auto stream = "email-" + lookup;
  auto history = read(stream, 1, 1000);
  if (!history)
    return history.error();
  auto expected = events::expected_version::no_stream();
  if (!history->empty()) {
    // A claim by a live account stands, and so does a fresh one whose registration may still be
    // running. One released by an erasure, or left for a minute by a registration that crashed
    // before its account existed, may be taken over.
    const auto& last = history->back();
    auto holder = claimant(last);
    bool fresh = last.occurred_at() > now_ms() - stale_claim_ms;
    if (holder && (fresh || existing(*holder)))
      return make_error(errc::duplicate, "An account with this email address already exists.");
    expected = events::expected_version::exactly(history->back().stream_version());
  }
  events::EmailClaimed claim;
  claim.set_user_id(user_id);
  auto r = append(stream, expected,
                  {events::make_event("colors.events.EmailClaimed", claim.SerializeAsString())});
  if (!r && code_of(r.error()) == errc::conflict)
    return make_error(errc::duplicate, "An account with this email address already exists.");
  return r ? caf::error{} : r.error();
}

caf::error service::flow::release_email(const std::string& lookup, const std::string& user_id) {
  events::EmailReleased released;
  released.set_user_id(user_id);
  auto r = append("email-" + lookup, events::expected_version::any(),
                  {events::make_event("colors.events.EmailReleased", released.SerializeAsString())});
  return r ? caf::error{} : r.error();
}

caf::error service::flow::send_verification(const UserState& s, const std::string& email) {
  link_token link{s.user_id(), random_token()};
  events::UserCommand cmd;
  cmd.set_now(now_ms());
  cmd.mutable_issue_verification()->set_token_hash(token_hash(link.secret));
  cmd.mutable_issue_verification()->set_expires_at(
    cmd.now() + svc.options().verification_ttl.count() * 1000);
  if (auto st = command(s.user_id(), std::move(cmd)); !st)
    return st.error();
  return queue_mail(s.user_id(), "verify_email", email,
                    "Welcome to Colors of Life! Confirm your email address: "
                      + svc.options().public_url + "/verify-email?token=" + compose(link));
}

void service::register_user(registration in, std::string client_ip, done_fn<signed_in> done) {
  run<signed_in>(std::move(done), [this, in = std::move(in),
                                   ip = std::move(client_ip)](flow& f) -> caf::expected<signed_in> {
    if (auto err = f.throttled("mutation", "ip:" + ip))
      return err;
    auto email = normalise_email(in.email);
    if (auto err = validate_email(email))
      return err;
    if (auto err = validate_display_name(in.display_name))
      return err;
    if (auto err = validate_password(in.password, email))
      return err;
    auto hash = hash_password(in.password, deps_.opts.argon2);
    if (!hash)
      return hash.error();
    auto user_id = uuid_to_string(new_uuid());
    auto lookup = email_lookup_hash(deps_.keys.email_lookup_key, email);
    if (auto err = f.claim_email(lookup, user_id))
      return err;
    if (auto err = vault_->create_key(user_id))
      return err;
    auto sealed_email = vault_->seal(user_id, "email", email);
    auto sealed_name = vault_->seal(user_id, "display_name", in.display_name);
    if (!sealed_email || !sealed_name)
      return make_error(errc::storage, "cannot seal personal data");
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    auto* r = cmd.mutable_register_();
    r->set_user_id(user_id);
    r->set_email_hash(lookup);
    r->set_email_sealed(*sealed_email);
    r->set_display_name_sealed(*sealed_name);
    r->set_password_hash(*hash);
    r->add_roles("CUSTOMER");
    auto st = f.command(user_id, std::move(cmd));
    if (!st)
      return st.error();
    if (auto err = f.send_verification(*st, email))
      log(log_level::warn, "verification mail not queued", {{"error", message_of(err)}});
    return f.start_session(*st);
  });
}

void service::verify_email(std::string token, done_fn<UserState> done) {
  run<UserState>(std::move(done), [token = std::move(token)](flow& f) -> caf::expected<UserState> {
    auto link = parse_link_token(token);
    if (!link)
      return invalid("This verification link is invalid or was already used.");
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    cmd.mutable_verify_email()->set_token_hash(token_hash(link->secret));
    auto st = f.command(link->user_id, std::move(cmd));
    if (!st && code_of(st.error()) == errc::not_found)
      return invalid("This verification link is invalid or was already used.");
    return st;
  });
}

void service::resend_verification(principal who, done_fn<bool> done) {
  run<bool>(std::move(done), [this, who = std::move(who)](flow& f) -> caf::expected<bool> {
    if (auto err = f.throttled("mutation", "user:" + who.user_id))
      return err;
    auto st = f.existing(who.user_id);
    if (!st)
      return st.error();
    if (st->email_verified())
      return invalid("The email address is already verified.");
    auto email = vault_->open(st->user_id(), "email", st->email_sealed());
    if (!email)
      return email.error();
    if (auto err = f.send_verification(*st, *email))
      return err;
    return true;
  });
}

void service::request_password_reset(std::string email, std::string client_ip, done_fn<bool> done) {
  // The answer is the same, and given before any lookup, whether or not the address is known.
  done(true);
  run<bool>([](caf::expected<bool>) {}, [this, email = normalise_email(email),
                                         ip = std::move(client_ip)](flow& f) -> caf::expected<bool> {
    auto lookup = email_lookup_hash(deps_.keys.email_lookup_key, email);
    if (f.throttled("login", "ip:" + ip) || f.throttled("login", "account:" + lookup))
      return false;
    auto holder = f.email_holder(lookup);
    if (!holder || !*holder)
      return false;
    link_token link{**holder, random_token()};
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    cmd.mutable_issue_reset()->set_token_hash(token_hash(link.secret));
    cmd.mutable_issue_reset()->set_expires_at(cmd.now() + deps_.opts.reset_ttl.count() * 1000);
    if (!f.command(link.user_id, std::move(cmd)))
      return false;
    auto err = f.queue_mail(link.user_id, "reset_password", email,
                            "Reset your Colors of Life password: " + deps_.opts.public_url
                              + "/reset-password?token=" + compose(link));
    return !err;
  });
}

caf::expected<std::string> service::new_password_hash(const UserState& s,
                                                      const std::string& password) {
  auto email = vault_->open(s.user_id(), "email", s.email_sealed());
  if (auto err = validate_password(password, email ? *email : std::string{}))
    return err;
  return hash_password(password, deps_.opts.argon2);
}

void service::reset_password(std::string token, std::string next, done_fn<bool> done) {
  run<bool>(std::move(done), [this, token = std::move(token),
                              next = std::move(next)](flow& f) -> caf::expected<bool> {
    auto link = parse_link_token(token);
    if (!link)
      return invalid("This password reset link is invalid or was already used.");
    auto st = f.existing(link->user_id);
    if (!st)
      return invalid("This password reset link is invalid or was already used.");
    auto hash = new_password_hash(*st, next);
    if (!hash)
      return hash.error();
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    cmd.mutable_reset_password()->set_token_hash(token_hash(link->secret));
    cmd.mutable_reset_password()->set_password_hash(*hash);
    auto done_st = f.command(link->user_id, std::move(cmd));
    if (!done_st)
      return done_st.error();
    return true;
  });
}

void service::change_password(principal who, std::string current, std::string next,
                              done_fn<signed_in> done) {
  run<signed_in>(std::move(done), [this, who = std::move(who), current = std::move(current),
                                   next = std::move(next)](flow& f) -> caf::expected<signed_in> {
    if (auto err = f.throttled("login", "account-id:" + who.user_id))
      return err;
    auto st = f.existing(who.user_id);
    if (!st)
      return st.error();
    auto ok = verify_password(current, st->password_hash());
    if (!ok || !*ok)
      return make_error(errc::invalid_argument, "The current password is not correct.");
    auto hash = new_password_hash(*st, next);
    if (!hash)
      return hash.error();
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    cmd.mutable_change_password()->set_password_hash(*hash);
    auto changed = f.command(who.user_id, std::move(cmd));
    if (!changed)
      return changed.error();
    return f.start_session(*changed); // every other session ended with the change
  });
}

void service::update_profile(principal who, profile_change change, done_fn<UserState> done) {
  run<UserState>(std::move(done), [this, who = std::move(who),
                                   change = std::move(change)](flow& f) -> caf::expected<UserState> {
    if (auto err = f.throttled("mutation", "user:" + who.user_id))
      return err;
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    auto* p = cmd.mutable_update_profile();
    if (change.display_name) {
      if (auto err = validate_display_name(*change.display_name))
        return err;
      auto sealed = vault_->seal(who.user_id, "display_name", *change.display_name);
      if (!sealed)
        return sealed.error();
      p->set_display_name_sealed(*sealed);
    }
    if (change.preferences) {
      if (auto err = validate_preferences(*change.preferences))
        return err;
      auto sealed = vault_->seal(who.user_id, "preferences", json::serialize(*change.preferences));
      if (!sealed)
        return sealed.error();
      p->set_preferences_sealed(*sealed);
    }
    return f.command(who.user_id, std::move(cmd));
  });
}

void service::erase(principal by, std::string user_id, std::string password, done_fn<bool> done) {
  run<bool>(std::move(done), [this, by = std::move(by), user_id = std::move(user_id),
                              password = std::move(password)](flow& f) -> caf::expected<bool> {
    auto st = f.existing(user_id);
    if (!st)
      return st.error();
    if (by.user_id == user_id) {
      auto ok = verify_password(password, st->password_hash());
      if (!ok || !*ok)
        return invalid("The password is not correct.");
    }
    auto lookup = st->email_hash();
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    cmd.mutable_erase()->set_by(by.user_id);
    if (auto erased = f.command(user_id, std::move(cmd)); !erased)
      return erased.error();
    if (auto err = vault_->shred(user_id))
      return err;
    if (auto err = f.release_email(lookup, user_id))
      log(log_level::warn, "email not released after erasure", {{"error", message_of(err)}});
    return true;
  });
}

caf::expected<UserState> service::bootstrap_admin(const std::string& email_in,
                                                  const std::string& password,
                                                  const std::string& display_name) {
  flow f{*this};
  auto email = normalise_email(email_in);
  auto lookup = email_lookup_hash(deps_.keys.email_lookup_key, email);
  auto holder = f.email_holder(lookup);
  if (!holder)
    return holder.error();
  if (*holder && f.existing(**holder)) {
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    cmd.mutable_grant_role()->set_role("PLATFORM_ADMIN");
    cmd.mutable_grant_role()->set_by("bootstrap");
    return f.command(**holder, std::move(cmd));
  }
  std::promise<caf::expected<signed_in>> registered;
  register_user({email, password, display_name}, "bootstrap",
                [&](caf::expected<signed_in> r) { registered.set_value(std::move(r)); });
  auto r = registered.get_future().get();
  if (!r)
    return r.error();
  events::UserCommand cmd;
  cmd.set_now(now_ms());
  cmd.mutable_grant_role()->set_role("PLATFORM_ADMIN");
  cmd.mutable_grant_role()->set_by("bootstrap");
  return f.command(r->user.user_id(), std::move(cmd));
}

} // namespace colors::identity
