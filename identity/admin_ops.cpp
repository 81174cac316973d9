// Roles, the mail outbox, and a user's data export.
#include "identity/flow.hpp"

#include "common/errc.hpp"
#include "common/ids.hpp"
#include "domain/user.hpp"

namespace colors::identity {

namespace json = boost::json;
using events::UserState;

void service::grant_role(principal by, std::string user_id, std::string role,
                         std::vector<std::string> brand_ids, done_fn<UserState> done) {
  run<UserState>(std::move(done), [by = std::move(by), user_id = std::move(user_id),
                                   role = std::move(role),
                                   brand_ids = std::move(brand_ids)](flow& f) -> caf::expected<UserState> {
    if (auto st = f.existing(user_id); !st)
      return st.error();
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    auto* g = cmd.mutable_grant_role();
    g->set_role(role);
    g->set_by(by.user_id);
    for (auto& b : brand_ids)
      g->add_brand_ids(b);
    return f.command(user_id, std::move(cmd));
  });
}

void service::revoke_role(principal by, std::string user_id, std::string role,
                          done_fn<UserState> done) {
  run<UserState>(std::move(done), [by = std::move(by), user_id = std::move(user_id),
                                   role = std::move(role)](flow& f) -> caf::expected<UserState> {
    if (auto st = f.existing(user_id); !st)
      return st.error();
    if (by.user_id == user_id && role == "PLATFORM_ADMIN")
      return make_error(errc::invalid_argument,
                        "You cannot revoke your own PLATFORM_ADMIN role; ask another admin.");
    events::UserCommand cmd;
    cmd.set_now(now_ms());
    cmd.mutable_revoke_role()->set_role(role);
    cmd.mutable_revoke_role()->set_by(by.user_id);
    return f.command(user_id, std::move(cmd));
  });
}

namespace {

std::optional<events::MailQueued> mail_of(const events::envelope& env) {
  events::MailQueued mail;
  if (env.type() != "colors.events.MailQueued" || !mail.ParseFromString(env.payload()))
    return std::nullopt;
  return mail;
}

} // namespace

void service::outbox(uint64_t after, size_t first, done_fn<std::vector<mail_view>> done) {
  run<std::vector<mail_view>>(std::move(done), [this, after, first](flow& f)
                                                 -> caf::expected<std::vector<mail_view>> {
    auto page = f.read("outbox", after + 1, first);
    if (!page)
      return page.error();
    std::vector<mail_view> out;
    for (const auto& env : *page) {
      auto mail = mail_of(env);
      if (!mail)
        continue;
      auto to = vault_->open(mail->user_id(), "mail_to", mail->to_sealed());
      auto body = vault_->open(mail->user_id(), "mail_body", mail->body_sealed());
      out.push_back({env.stream_version(), mail->user_id(), mail->kind(),
                     to ? *to : "[erased]", body ? *body : "[erased]", env.occurred_at()});
    }
    return out;
  });
}

json::array roles_json(const UserState& s) {
  json::array out;
  for (const auto& r : s.roles()) {
    json::array brands;
    for (const auto& b : r.brand_ids())
      brands.emplace_back(b);
    out.emplace_back(json::object{{"role", r.role()}, {"brandIds", std::move(brands)}});
  }
  return out;
}

namespace {

json::array sessions_json(const UserState& s) {
  json::array out;
  for (const auto& session : s.sessions())
    out.emplace_back(json::object{{"startedAt", session.started_at()},
                                  {"expiresAt", session.expires_at()},
                                  {"refreshes", session.generation()}});
  return out;
}

} // namespace

// Everything we hold about the user: the account, opened personal fields, sessions, the history
// of their account events (what happened when), and the mails queued to them.
void service::export_data(principal who, done_fn<std::string> done) {
  run<std::string>(std::move(done), [this, who = std::move(who)](flow& f) -> caf::expected<std::string> {
    auto st = f.existing(who.user_id);
    if (!st)
      return st.error();
    auto personal = view(*st);
    json::object account{{"id", st->user_id()},
                         {"email", personal.email ? json::value(*personal.email) : nullptr},
                         {"emailVerified", st->email_verified()},
                         {"displayName", personal.display_name ? json::value(*personal.display_name) : nullptr},
                         {"preferences", personal.preferences},
                         {"roles", roles_json(*st)},
                         {"createdAt", st->created_at()}};
    json::array history;
    auto events = f.read("user-" + who.user_id, 1, 10000);
    if (!events)
      return events.error();
    for (const auto& env : *events)
      if (auto ev = domain::user::decode(env))
        history.emplace_back(json::object{
          {"at", ev->at()},
          {"event", events::UserEvent::descriptor()->FindFieldByNumber(ev->kind_case())->name()}});
    json::array mails;
    if (auto page = f.read("outbox", 1, 100000))
      for (const auto& env : *page)
        if (auto mail = mail_of(env); mail && mail->user_id() == who.user_id) {
          auto body = vault_->open(who.user_id, "mail_body", mail->body_sealed());
          mails.emplace_back(json::object{{"kind", mail->kind()},
                                          {"queuedAt", env.occurred_at()},
                                          {"body", body ? *body : "[erased]"}});
        }
    json::object out{{"account", std::move(account)},
                     {"sessions", sessions_json(*st)},
                     {"accountHistory", std::move(history)},
                     {"mails", std::move(mails)}};
    return json::serialize(out);
  });
}

} // namespace colors::identity
