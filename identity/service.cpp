#include "identity/flow.hpp"

#include "actors/ask.hpp"
#include "actors/atoms.hpp"
#include "common/clock.hpp"
#include "common/digest.hpp"
#include "common/errc.hpp"
#include "common/log.hpp"
#include "domain/user.hpp"
#include "events/atoms.hpp"
#include "events/client.hpp"

#include <boost/asio/post.hpp>

#include <thread>

namespace colors::identity {

namespace json = boost::json;
using events::UserState;

int64_t now_ms() {
  return unix_millis();
}

service::service(service_deps deps)
  : deps_(std::move(deps)),
    vault_(std::make_unique<pii_vault>(std::make_shared<events::data_keys>(deps_.db),
                                       deps_.keys.pii_kek)),
    pool_(std::make_unique<boost::asio::thread_pool>(deps_.opts.password_threads)) {
  auto dummy = hash_password(random_token(), deps_.opts.argon2);
  dummy_hash_ = dummy ? *dummy : std::string{};
}

namespace {

thread_local const service* pool_thread_owner = nullptr;

} // namespace

void enter_pool_thread(const service* owner) {
  pool_thread_owner = owner;
}

service::~service() {
  if (pool_thread_owner == this) {
    // The last reference went with the end of a flow (e.g. a reply that held the API engine
    // while the process stopped). Every flow holds a reference, so no other work is left, but
    // this thread cannot join its own pool: stop it and let a helper thread join the threads
    // and free the pool once this one has left it.
    pool_->stop();
    std::thread([pool = std::move(pool_)] { pool->join(); }).detach();
    return;
  }
  pool_->join();
}

std::shared_ptr<service> service::create(service_deps deps) {
  return std::shared_ptr<service>(new service(std::move(deps)));
}

namespace {

caf::error check_facts(const auth_facts& facts, const access_claims& claims) {
  if (!facts.registered || facts.erased)
    return make_error(errc::unauthenticated, "The account behind this token no longer exists.");
  if (facts.epoch != claims.epoch)
    return make_error(errc::unauthenticated, "The access token was revoked; sign in again.");
  return {};
}

} // namespace

void service::authenticate(std::string_view access_token, done_fn<principal> done) {
  auto claims = verified_tokens_.verify(access_token, deps_.keys.jwt, now_ms() / 1000,
                                        deps_.opts.issuer);
  if (!claims)
    return done(claims.error());
  auto finish = [done](std::shared_ptr<const auth_facts> facts, const access_claims& c) {
    if (auto err = check_facts(*facts, c))
      return done(err);
    done(principal{c.user_id, std::move(facts)});
  };
  if (auto facts = directory_.find(claims->user_id))
    return finish(std::move(facts), *claims);
  actors::ask<UserState>(
    *deps_.sys, deps_.users, deps_.opts.ask_timeout,
    [this, finish, c = *claims, done](caf::expected<UserState> st) {
      if (!st)
        return done(st.error());
      finish(directory_.update(*st), c);
    },
    actors::query_atom::value, claims->user_id);
}

void service::user(std::string user_id, done_fn<UserState> done) {
  actors::ask<UserState>(
    *deps_.sys, deps_.users, deps_.opts.ask_timeout,
    [this, done](caf::expected<UserState> st) {
      if (!st)
        return done(st.error());
      directory_.update(*st);
      if (!st->registered())
        return done(make_error(errc::not_found, "No such user."));
      done(std::move(*st));
    },
    actors::query_atom::value, std::move(user_id));
}

user_view service::view(const UserState& s) {
  user_view v;
  if (s.erased())
    return v;
  const auto& id = s.user_id();
  if (auto email = vault_->open_optional(id, "email", s.email_sealed()))
    v.email = *email;
  if (auto name = vault_->open_optional(id, "display_name", s.display_name_sealed()))
    v.display_name = *name;
  if (auto prefs = vault_->open_optional(id, "preferences", s.preferences_sealed());
      prefs && !prefs->empty()) {
    json::error_code ec;
    auto parsed = json::parse(*prefs, ec);
    if (!ec && parsed.is_object())
      v.preferences = parsed.as_object();
  }
  return v;
}

// ---- flow ----------------------------------------------------------------------------------

service::flow::flow(service& s) : svc(s), self_(*s.deps_.sys) {}

caf::expected<UserState> service::flow::command(const std::string& user_id,
                                                events::UserCommand cmd) {
  caf::expected<UserState> out = make_error(errc::unavailable, "no reply");
  self_->request(svc.deps_.users, svc.deps_.opts.ask_timeout, actors::command_atom::value,
                 user_id, std::move(cmd))
    .receive([&](UserState& st) { out = std::move(st); },
             [&](caf::error& err) { out = std::move(err); });
  if (out)
    svc.directory_.update(*out);
  return out;
}

caf::expected<UserState> service::flow::query(const std::string& user_id) {
  caf::expected<UserState> out = make_error(errc::unavailable, "no reply");
  self_->request(svc.deps_.users, svc.deps_.opts.ask_timeout, actors::query_atom::value, user_id)
    .receive([&](UserState& st) { out = std::move(st); },
             [&](caf::error& err) { out = std::move(err); });
  if (out)
    svc.directory_.update(*out);
  return out;
}

caf::expected<UserState> service::flow::existing(const std::string& user_id) {
  auto st = query(user_id);
  if (st && (!st->registered() || st->erased()))
    return make_error(errc::not_found, "No such user.");
  return st;
}

caf::expected<events::append_result>
service::flow::append(std::string stream, events::expected_version expected,
                      std::vector<events::new_event> evs) {
  caf::expected<events::append_result> out = make_error(errc::unavailable, "no reply");
  self_->request(svc.deps_.writer, svc.deps_.opts.ask_timeout, events::append_atom::value,
                 std::move(stream), expected, std::move(evs))
    .receive([&](events::append_result& r) { out = r; },
             [&](caf::error& err) { out = std::move(err); });
  return out;
}

caf::expected<std::vector<events::envelope>>
service::flow::read(const std::string& stream, uint64_t from, size_t max) {
  auto db = svc.deps_.db();
  if (!db)
    return make_error(errc::unavailable, "the event store is not open");
  return db->read_stream(stream, from, max);
}

caf::error throttle(const throttle_fn& throttle, std::string_view operation_class,
                    const std::string& key) {
  if (!throttle)
    return {};
  auto wait = throttle(operation_class, key);
  if (!wait)
    return {};
  auto seconds = std::max<int64_t>(1, (wait->count() + 999) / 1000);
  return make_error(errc::rate_limited,
                    "Too many requests; try again in " + std::to_string(seconds) + " s.");
}

caf::error service::flow::throttled(std::string_view operation_class, const std::string& key) {
  return throttle(svc.deps_.throttle, operation_class, key);
}

caf::error service::flow::queue_mail(const std::string& user_id, const std::string& kind,
                                     const std::string& to, const std::string& body) {
  auto to_sealed = svc.vault_->seal(user_id, "mail_to", to);
  auto body_sealed = svc.vault_->seal(user_id, "mail_body", body);
  if (!to_sealed)
    return to_sealed.error();
  if (!body_sealed)
    return body_sealed.error();
  events::MailQueued mail;
  mail.set_user_id(user_id);
  mail.set_kind(kind);
  mail.set_to_sealed(*to_sealed);
  mail.set_body_sealed(*body_sealed);
  auto ev = events::make_event("colors.events.MailQueued", mail.SerializeAsString());
  auto r = append("outbox", events::expected_version::any(), {std::move(ev)});
  return r ? caf::error{} : r.error();
}

} // namespace colors::identity
