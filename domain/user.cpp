#include "domain/user.hpp"

#include "common/errc.hpp"
#include "domain/codec.hpp"

#include <algorithm>

namespace colors::domain::user {

namespace {

using events::UserCommand;
using result = caf::expected<std::vector<event>>;

constexpr const char* event_type = "colors.events.UserEvent";

std::vector<event> none() { return {}; }

// One event stamped with the command's time; `set` fills its kind.
template <class F>
std::vector<event> one(const command& cmd, F set) {
  event ev;
  ev.set_at(cmd.now());
  set(ev);
  return {std::move(ev)};
}

caf::error invalid(std::string message) {
  return make_error(errc::invalid_argument, std::move(message));
}

result register_user(const state& s, const command& cmd) {
  if (s.registered())
    return make_error(errc::duplicate, "this account already exists");
  const auto& r = cmd.register_();
  if (r.user_id().empty() || r.email_hash().empty() || r.password_hash().empty())
    return invalid("a new account needs an id, an email and a password");
  for (const auto& role : r.roles())
    if (!is_role(role))
      return invalid("unknown role " + role);
  return one(cmd, [&](event& ev) { *ev.mutable_registered() = r; });
}

result issue_verification(const state& s, const command& cmd) {
  if (s.email_verified())
    return invalid("The email address is already verified.");
  return one(cmd, [&](event& ev) { *ev.mutable_verification_issued() = cmd.issue_verification(); });
}

// A single-use token: it must be the pending one, unexpired.
caf::error check_token(const std::string& pending, int64_t expires_at, const std::string& given,
                       int64_t now, const char* what) {
  if (pending.empty() || given.empty() || pending != given)
    return invalid(std::string{"This "} + what + " link is invalid or was already used.");
  if (now >= expires_at)
    return invalid(std::string{"This "} + what + " link has expired; ask for a new one.");
  return {};
}

result verify_email(const state& s, const command& cmd) {
  if (auto err = check_token(s.verification_hash(), s.verification_expires_at(),
                             cmd.verify_email().token_hash(), cmd.now(), "verification"))
    return err;
  return one(cmd, [](event& ev) { ev.mutable_email_verified(); });
}

result reset_password(const state& s, const command& cmd) {
  const auto& r = cmd.reset_password();
  if (auto err = check_token(s.reset_hash(), s.reset_expires_at(), r.token_hash(), cmd.now(),
                             "password reset"))
    return err;
  auto events = one(cmd, [&](event& ev) {
    auto* pc = ev.mutable_password_changed();
    pc->set_password_hash(r.password_hash());
    pc->set_by_reset(true);
  });
  auto end_all = one(cmd, [](event& ev) { ev.mutable_all_sessions_revoked()->set_reason("password_reset"); });
  events.push_back(std::move(end_all.front()));
  return events;
}

result change_password(const command& cmd) {
  if (cmd.change_password().password_hash().empty())
    return invalid("a new password is required");
  auto events = one(cmd, [&](event& ev) { *ev.mutable_password_changed() = cmd.change_password(); });
  auto end_all = one(cmd, [](event& ev) { ev.mutable_all_sessions_revoked()->set_reason("password_changed"); });
  events.push_back(std::move(end_all.front()));
  return events;
}

result start_session(const state& s, const command& cmd) {
  std::vector<event> out;
  if (static_cast<size_t>(s.sessions_size()) >= max_sessions) {
    auto oldest = std::min_element(s.sessions().begin(), s.sessions().end(),
                                   [](auto& a, auto& b) { return a.started_at() < b.started_at(); });
    out = one(cmd, [&](event& ev) {
      auto* r = ev.mutable_session_revoked();
      r->set_family_id(oldest->family_id());
      r->set_reason("limit");
    });
  }
  auto started = one(cmd, [&](event& ev) { *ev.mutable_session_started() = cmd.start_session(); });
  out.push_back(std::move(started.front()));
  return out;
}

// A stale token of a live family means it leaked: the whole family ends, and the caller sees
// the session gone.
result refresh_session(const state& s, const command& cmd) {
  const auto& r = cmd.refresh_session();
  const auto* session = session_of(s, r.family_id());
  if (!session || cmd.now() >= session->expires_at())
    return make_error(errc::unauthenticated, "The session has ended; sign in again.");
  if (session->token_hash() != r.presented_hash())
    return one(cmd, [&](event& ev) {
      auto* rv = ev.mutable_session_revoked();
      rv->set_family_id(r.family_id());
      rv->set_reason("reuse");
    });
  return one(cmd, [&](event& ev) {
    auto* sr = ev.mutable_session_refreshed();
    sr->set_family_id(r.family_id());
    sr->set_token_hash(r.token_hash());
    sr->set_expires_at(r.expires_at());
  });
}

result end_session(const state& s, const command& cmd) {
  if (!session_of(s, cmd.end_session().family_id()))
    return none();
  return one(cmd, [&](event& ev) {
    auto* r = ev.mutable_session_revoked();
    r->set_family_id(cmd.end_session().family_id());
    r->set_reason("logout");
  });
}

result grant_role(const state& s, const command& cmd) {
  const auto& g = cmd.grant_role();
  if (!is_role(g.role()))
    return invalid("unknown role " + g.role());
  if (g.role() == "BRAND_ADMIN" && g.brand_ids().empty())
    return invalid("BRAND_ADMIN needs at least one brand");
  if (g.role() != "BRAND_ADMIN" && has_role(s, g.role()))
    return none();
  return one(cmd, [&](event& ev) { *ev.mutable_role_granted() = g; });
}

result revoke_role(const state& s, const command& cmd) {
  if (!has_role(s, cmd.revoke_role().role()))
    return none();
  auto events = one(cmd, [&](event& ev) { *ev.mutable_role_revoked() = cmd.revoke_role(); });
  auto end_all = one(cmd, [](event& ev) { ev.mutable_all_sessions_revoked()->set_reason("role_revoked"); });
  events.push_back(std::move(end_all.front()));
  return events;
}

result decide_registered(const state& s, const command& cmd) {
  switch (cmd.kind_case()) {
    case UserCommand::kIssueVerification: return issue_verification(s, cmd);
    case UserCommand::kVerifyEmail: return verify_email(s, cmd);
    case UserCommand::kIssueReset:
      return one(cmd, [&](event& ev) { *ev.mutable_reset_issued() = cmd.issue_reset(); });
    case UserCommand::kResetPassword: return reset_password(s, cmd);
    case UserCommand::kChangePassword: return change_password(cmd);
    case UserCommand::kStartSession: return start_session(s, cmd);
    case UserCommand::kRefreshSession: return refresh_session(s, cmd);
    case UserCommand::kEndSession: return end_session(s, cmd);
    case UserCommand::kEndAllSessions:
      return one(cmd, [](event& ev) { ev.mutable_all_sessions_revoked()->set_reason("logout_all"); });
    case UserCommand::kUpdateProfile:
      return one(cmd, [&](event& ev) { *ev.mutable_profile_updated() = cmd.update_profile(); });
    case UserCommand::kGrantRole: return grant_role(s, cmd);
    case UserCommand::kRevokeRole: return revoke_role(s, cmd);
    case UserCommand::kErase:
      return one(cmd, [&](event& ev) { ev.mutable_erased()->set_by(cmd.erase().by()); });
    default: return invalid("unknown user command");
  }
}

void apply_registered(state& s, const events::UserRegistered& r) {
  s.set_user_id(r.user_id());
  s.set_registered(true);
  s.set_email_hash(r.email_hash());
  s.set_email_sealed(r.email_sealed());
  s.set_display_name_sealed(r.display_name_sealed());
  s.set_password_hash(r.password_hash());
  for (const auto& role : r.roles())
    s.add_roles()->set_role(role);
}

void remove_session(state& s, const std::string& family_id) {
  auto* list = s.mutable_sessions();
  for (int i = 0; i < list->size(); ++i)
    if (list->Get(i).family_id() == family_id) {
      list->DeleteSubrange(i, 1);
      return;
    }
}

void apply_session_started(state& s, const events::SessionStarted& st, int64_t at) {
  auto* session = s.add_sessions();
  session->set_family_id(st.family_id());
  session->set_token_hash(st.token_hash());
  session->set_expires_at(st.expires_at());
  session->set_started_at(at);
}

void apply_session_refreshed(state& s, const events::SessionRefreshed& r) {
  for (auto& session : *s.mutable_sessions())
    if (session.family_id() == r.family_id()) {
      session.set_token_hash(r.token_hash());
      session.set_expires_at(r.expires_at());
      session.set_generation(session.generation() + 1);
    }
}

void apply_role_granted(state& s, const events::RoleGranted& g) {
  for (auto& role : *s.mutable_roles())
    if (role.role() == g.role()) {
      for (const auto& b : g.brand_ids())
        if (std::find(role.brand_ids().begin(), role.brand_ids().end(), b) == role.brand_ids().end())
          role.add_brand_ids(b);
      return;
    }
  auto* role = s.add_roles();
  role->set_role(g.role());
  role->mutable_brand_ids()->CopyFrom(g.brand_ids());
}

void apply_role_revoked(state& s, const events::RoleRevoked& r) {
  auto* list = s.mutable_roles();
  for (int i = 0; i < list->size(); ++i)
    if (list->Get(i).role() == r.role()) {
      list->DeleteSubrange(i, 1);
      return;
    }
}

void end_all_sessions(state& s) {
  s.clear_sessions();
  s.set_token_epoch(s.token_epoch() + 1);
}

// Erasure keeps only what says the account existed and is gone.
void apply_erased(state& s) {
  state kept;
  kept.set_user_id(s.user_id());
  kept.set_registered(true);
  kept.set_erased(true);
  kept.set_token_epoch(s.token_epoch() + 1);
  kept.set_created_at(s.created_at());
  kept.set_revision(s.revision());
  s = std::move(kept);
}

} // namespace

bool is_role(std::string_view role) {
  return std::find(std::begin(roles), std::end(roles), role) != std::end(roles);
}

bool has_role(const state& s, std::string_view role) {
  return std::any_of(s.roles().begin(), s.roles().end(), [&](auto& r) { return r.role() == role; });
}

bool administers_brand(const state& s, std::string_view brand_id) {
  for (const auto& r : s.roles())
    if (r.role() == "BRAND_ADMIN")
      for (const auto& b : r.brand_ids())
        if (b == brand_id)
          return true;
  return false;
}

const events::UserSession* session_of(const state& s, std::string_view family_id) {
  for (const auto& session : s.sessions())
    if (session.family_id() == family_id)
      return &session;
  return nullptr;
}

caf::expected<std::vector<event>> decide(const state& s, const command& cmd) {
  if (cmd.kind_case() == UserCommand::kRegister)
    return register_user(s, cmd);
  if (!s.registered())
    return make_error(errc::not_found, "No such user.");
  if (s.erased())
    return make_error(errc::not_found, "This account was deleted.");
  return decide_registered(s, cmd);
}

state evolve(state s, const event& ev) {
  using events::UserEvent;
  s.set_revision(s.revision() + 1);
  s.set_updated_at(ev.at());
  switch (ev.kind_case()) {
    case UserEvent::kRegistered:
      apply_registered(s, ev.registered());
      s.set_created_at(ev.at());
      break;
    case UserEvent::kVerificationIssued:
      s.set_verification_hash(ev.verification_issued().token_hash());
      s.set_verification_expires_at(ev.verification_issued().expires_at());
      break;
    case UserEvent::kEmailVerified:
      s.set_email_verified(true);
      s.clear_verification_hash();
      break;
    case UserEvent::kResetIssued:
      s.set_reset_hash(ev.reset_issued().token_hash());
      s.set_reset_expires_at(ev.reset_issued().expires_at());
      break;
    case UserEvent::kPasswordChanged:
      s.set_password_hash(ev.password_changed().password_hash());
      s.clear_reset_hash();
      break;
    case UserEvent::kSessionStarted: apply_session_started(s, ev.session_started(), ev.at()); break;
    case UserEvent::kSessionRefreshed: apply_session_refreshed(s, ev.session_refreshed()); break;
    case UserEvent::kSessionRevoked: remove_session(s, ev.session_revoked().family_id()); break;
    case UserEvent::kAllSessionsRevoked: end_all_sessions(s); break;
    case UserEvent::kProfileUpdated:
      if (!ev.profile_updated().display_name_sealed().empty())
        s.set_display_name_sealed(ev.profile_updated().display_name_sealed());
      if (!ev.profile_updated().preferences_sealed().empty())
        s.set_preferences_sealed(ev.profile_updated().preferences_sealed());
      break;
    case UserEvent::kRoleGranted: apply_role_granted(s, ev.role_granted()); break;
    case UserEvent::kRoleRevoked: apply_role_revoked(s, ev.role_revoked()); break;
    case UserEvent::kErased: apply_erased(s); break;
    case UserEvent::KIND_NOT_SET: break;
  }
  return s;
}

events::new_event encode(const event& ev) {
  return encode_message(event_type, ev);
}

caf::expected<event> decode(const events::envelope& env) {
  return decode_event<event>(env, event_type, "user");
}

std::string encode_state(const state& s) {
  return s.SerializeAsString();
}

caf::expected<state> decode_state(const std::string& bytes) {
  return decode_snapshot<state>(bytes, "user");
}

} // namespace colors::domain::user
