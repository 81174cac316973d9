// Sign-in, token refresh with rotation, sign-out.
#include "identity/flow.hpp"

#include "common/digest.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"
#include "common/password.hpp"
#include "domain/user.hpp"

namespace colors::identity {

using events::UserState;

namespace {

caf::error bad_credentials() {
  return make_error(errc::unauthenticated, "Invalid email or password.");
}

caf::error bad_refresh_token() {
  return make_error(errc::unauthenticated, "The refresh token is invalid; sign in again.");
}

} // namespace

caf::expected<session_tokens> service::flow::tokens_for(const UserState& s,
                                                        const refresh_token& refresh) {
  auto now = now_ms() / 1000;
  access_claims claims{s.user_id(), s.token_epoch(), now + svc.deps_.opts.access_ttl.count()};
  auto access = issue_access_token(svc.deps_.keys.jwt, claims, now, svc.deps_.opts.issuer);
  if (!access)
    return access.error();
  return session_tokens{std::move(*access), claims.expires_at, compose(refresh)};
}

caf::expected<signed_in> service::flow::start_session(const UserState& s) {
  refresh_token refresh{s.user_id(), uuid_to_string(new_uuid()), random_token()};
  events::UserCommand cmd;
  cmd.set_now(now_ms());
  auto* start = cmd.mutable_start_session();
  start->set_family_id(refresh.family_id);
  start->set_token_hash(token_hash(refresh.secret));
  start->set_expires_at(cmd.now() + svc.deps_.opts.refresh_ttl.count() * 1000);
  auto st = command(s.user_id(), std::move(cmd));
  if (!st)
    return st.error();
  auto tokens = tokens_for(*st, refresh);
  if (!tokens)
    return tokens.error();
  return signed_in{std::move(*tokens), std::move(*st)};
}

void service::login(std::string email, std::string password, std::string client_ip,
                    done_fn<signed_in> done) {
  run<signed_in>(std::move(done), [this, email = std::move(email), password = std::move(password),
                                   ip = std::move(client_ip)](flow& f) -> caf::expected<signed_in> {
    auto lookup = email_lookup_hash(deps_.keys.email_lookup_key, email);
    if (auto err = f.throttled("login", "ip:" + ip))
      return err;
    if (auto err = f.throttled("login", "account:" + lookup))
      return err;
    auto holder = f.email_holder(lookup);
    if (!holder)
      return holder.error();
    auto st = *holder ? f.existing(**holder) : caf::expected<UserState>{bad_credentials()};
    // Unknown addresses cost one Argon2 verification too: the answer's timing tells nothing.
    auto ok = verify_password(password, st ? std::string_view{st->password_hash()}
                                            : std::string_view{dummy_hash_});
    if (!st || !ok || !*ok)
      return bad_credentials();
    return f.start_session(*st);
  });
}

void service::refresh(std::string token, done_fn<signed_in> done) {
  run<signed_in>(std::move(done), [token = std::move(token)](flow& f) -> caf::expected<signed_in> {
    auto presented = parse_refresh_token(token);
    if (!presented)
      return bad_refresh_token();
    refresh_token next{presented->user_id, presented->family_id, random_token()};
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    auto* r = cmd.mutable_refresh_session();
    r->set_family_id(presented->family_id);
    r->set_presented_hash(token_hash(presented->secret));
    r->set_token_hash(token_hash(next.secret));
    r->set_expires_at(cmd.now() + f.svc.options().refresh_ttl.count() * 1000);
    auto st = f.command(presented->user_id, std::move(cmd));
    if (!st)
      return code_of(st.error()) == errc::not_found ? bad_refresh_token() : st.error();
    const auto* session = domain::user::session_of(*st, next.family_id);
    if (!session || session->token_hash() != token_hash(next.secret))
      return make_error(errc::unauthenticated,
                        "This refresh token was already used, so its session has ended; sign in again.");
    auto tokens = f.tokens_for(*st, next);
    if (!tokens)
      return tokens.error();
    return signed_in{std::move(*tokens), std::move(*st)};
  });
}

void service::logout(principal who, std::string token, done_fn<bool> done) {
  run<bool>(std::move(done), [who = std::move(who), token = std::move(token)](flow& f) -> caf::expected<bool> {
    auto presented = parse_refresh_token(token);
    if (!presented)
      return bad_refresh_token();
    if (presented->user_id != who.user_id)
      return make_error(errc::forbidden, "This session is not yours.");
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    cmd.mutable_end_session()->set_family_id(presented->family_id);
    auto st = f.command(who.user_id, std::move(cmd));
    if (!st)
      return st.error();
    return true;
  });
}

void service::logout_all(principal who, done_fn<bool> done) {
  run<bool>(std::move(done), [who = std::move(who)](flow& f) -> caf::expected<bool> {
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    cmd.mutable_end_all_sessions();
    auto st = f.command(who.user_id, std::move(cmd));
    if (!st)
      return st.error();
    return true;
  });
}

} // namespace colors::identity
