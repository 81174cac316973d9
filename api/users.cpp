#include "api/users.hpp"

#include "api/guard.hpp"

#include "common/errc.hpp"

#include <algorithm>

namespace colors::api {

namespace json = boost::json;
using identity::principal;
using identity::service;
using identity::signed_in;
using events::UserState;
using graphql::resolve_done;
using graphql::resolve_info;

namespace {

using svc_ptr = std::shared_ptr<service>;

auto render_auth(svc_ptr svc) {
  return [svc](const signed_in& s) { return auth_payload(s, svc->view(s.user)); };
}

auto render_user_payload(svc_ptr svc) {
  return [svc](const UserState& s) {
    return json::object{{"user", user_json(s, svc->view(s))}, {"userErrors", json::array{}}};
  };
}

auto render_ok() {
  return [](bool) { return json::object{{"ok", true}, {"userErrors", json::array{}}}; };
}

std::vector<std::string> string_list(const json::value* v) {
  std::vector<std::string> out;
  if (v && v->is_array())
    for (const auto& item : v->as_array())
      if (item.is_string())
        out.emplace_back(item.as_string());
  return out;
}

identity::profile_change profile_of(const json::object& input) {
  identity::profile_change change;
  if (auto* name = input.if_contains("displayName"); name && name->is_string())
    change.display_name = std::string{name->as_string()};
  if (auto* prefs = input.if_contains("preferences"); prefs && prefs->is_object()) {
    json::object kept;
    for (const auto& [key, value] : prefs->as_object())
      if (!value.is_null())
        kept[key] = value;
    change.preferences = std::move(kept);
  }
  return change;
}

// ---- queries -------------------------------------------------------------------------------

void add_queries(graphql::resolver_map& r, svc_ptr svc) {
  auto user_value = [svc](resolve_done done) {
    return [svc, done](caf::expected<UserState> st) {
      if (!st && code_of(st.error()) == errc::not_found)
        return done(json::value(nullptr));
      if (!st)
        return done(st.error());
      done(json::value(user_json(*st, svc->view(*st))));
    };
  };
  r.add("Query", "me", guarded("Query.me", [svc, user_value](const resolve_info&, const request_context& ctx, resolve_done done) {
    svc->user(ctx.who->user_id, user_value(std::move(done)));
  }));
  r.add("Query", "user", guarded("Query.user", [svc, user_value](const resolve_info& info, const request_context&, resolve_done done) {
    svc->user(arg_string(info, "id"), user_value(std::move(done)));
  }));
  r.add("Query", "exportMyData", guarded("Query.exportMyData", [svc](const resolve_info&, const request_context& ctx, resolve_done done) {
    svc->export_data(*ctx.who, to_value<std::string>(std::move(done)));
  }));
  r.add("Query", "outbox", guarded("Query.outbox", [svc](const resolve_info& info, const request_context&, resolve_done done) {
    auto first = std::clamp<int64_t>(info.args.at("first").as_int64(), 1, 100);
    uint64_t after = 0;
    if (auto cursor = arg_string(info, "after"); !cursor.empty())
      after = std::strtoull(cursor.c_str(), nullptr, 10);
    svc->outbox(after, static_cast<size_t>(first + 1), [done, first](caf::expected<std::vector<identity::mail_view>> mails) {
      if (!mails)
        return done(mails.error());
      json::array edges;
      bool more = mails->size() > static_cast<size_t>(first);
      for (size_t i = 0; i < mails->size() && i < static_cast<size_t>(first); ++i)
        edges.emplace_back(json::object{{"cursor", std::to_string((*mails)[i].position)},
                                        {"node", mail_json((*mails)[i])}});
      json::value end = edges.empty() ? json::value(nullptr) : edges.back().as_object().at("cursor");
      done(json::value(json::object{{"edges", std::move(edges)},
                                    {"pageInfo", json::object{{"hasNextPage", more}, {"endCursor", end}}}}));
    });
  }));
}

// ---- sign-in and sessions --------------------------------------------------------------------

void add_session_mutations(graphql::resolver_map& r, svc_ptr svc) {
  r.add("Mutation", "register", guarded("Mutation.register", [svc](const resolve_info& info, const request_context& ctx, resolve_done done) {
    const auto& in = info.args.at("input").as_object();
    identity::registration reg{std::string{in.at("email").as_string()},
                               std::string{in.at("password").as_string()},
                               std::string{in.at("displayName").as_string()}};
    svc->register_user(std::move(reg), ctx.client_ip,
                       to_payload<signed_in>(std::move(done), "user", render_auth(svc)));
  }));
  r.add("Mutation", "login", guarded("Mutation.login", [svc](const resolve_info& info, const request_context& ctx, resolve_done done) {
    svc->login(arg_string(info, "email"), arg_string(info, "password"), ctx.client_ip,
               to_payload<signed_in>(std::move(done), "user", render_auth(svc)));
  }));
  r.add("Mutation", "refreshToken", guarded("Mutation.refreshToken", [svc](const resolve_info& info, const request_context&, resolve_done done) {
    svc->refresh(arg_string(info, "refreshToken"),
                 to_payload<signed_in>(std::move(done), "user", render_auth(svc)));
  }));
  r.add("Mutation", "logout", guarded("Mutation.logout", [svc](const resolve_info& info, const request_context& ctx, resolve_done done) {
    svc->logout(*ctx.who, arg_string(info, "refreshToken"), to_value<bool>(std::move(done)));
  }));
  r.add("Mutation", "logoutAll", guarded("Mutation.logoutAll", [svc](const resolve_info&, const request_context& ctx, resolve_done done) {
    svc->logout_all(*ctx.who, to_value<bool>(std::move(done)));
  }));
}

// ---- account ---------------------------------------------------------------------------------

void add_account_mutations(graphql::resolver_map& r, svc_ptr svc) {
  r.add("Mutation", "verifyEmail", guarded("Mutation.verifyEmail", [svc](const resolve_info& info, const request_context&, resolve_done done) {
    svc->verify_email(arg_string(info, "token"),
                      to_payload<UserState>(std::move(done), "user", render_user_payload(svc)));
  }));
  r.add("Mutation", "resendVerification", guarded("Mutation.resendVerification", [svc](const resolve_info&, const request_context& ctx, resolve_done done) {
    svc->resend_verification(*ctx.who, to_value<bool>(std::move(done)));
  }));
  r.add("Mutation", "requestPasswordReset", guarded("Mutation.requestPasswordReset", [svc](const resolve_info& info, const request_context& ctx, resolve_done done) {
    svc->request_password_reset(arg_string(info, "email"), ctx.client_ip, to_value<bool>(std::move(done)));
  }));
  r.add("Mutation", "resetPassword", guarded("Mutation.resetPassword", [svc](const resolve_info& info, const request_context&, resolve_done done) {
    svc->reset_password(arg_string(info, "token"), arg_string(info, "newPassword"),
                        to_payload<bool>(std::move(done), "ok", render_ok(), false));
  }));
  r.add("Mutation", "changePassword", guarded("Mutation.changePassword", [svc](const resolve_info& info, const request_context& ctx, resolve_done done) {
    svc->change_password(*ctx.who, arg_string(info, "currentPassword"), arg_string(info, "newPassword"),
                         to_payload<signed_in>(std::move(done), "user", render_auth(svc)));
  }));
  r.add("Mutation", "updateProfile", guarded("Mutation.updateProfile", [svc](const resolve_info& info, const request_context& ctx, resolve_done done) {
    svc->update_profile(*ctx.who, profile_of(info.args.at("input").as_object()),
                        to_payload<UserState>(std::move(done), "user", render_user_payload(svc)));
  }));
  r.add("Mutation", "deleteMyAccount", guarded("Mutation.deleteMyAccount", [svc](const resolve_info& info, const request_context& ctx, resolve_done done) {
    svc->erase(*ctx.who, ctx.who->user_id, arg_string(info, "password"),
               to_payload<bool>(std::move(done), "ok", render_ok(), false));
  }));
}

// ---- administration ------------------------------------------------------------------------

void add_admin_mutations(graphql::resolver_map& r, svc_ptr svc) {
  r.add("Mutation", "grantRole", guarded("Mutation.grantRole", [svc](const resolve_info& info, const request_context& ctx, resolve_done done) {
    svc->grant_role(*ctx.who, arg_string(info, "userId"), arg_string(info, "role"),
                    string_list(info.args.if_contains("brandIds")),
                    to_payload<UserState>(std::move(done), "user", render_user_payload(svc)));
  }));
  r.add("Mutation", "revokeRole", guarded("Mutation.revokeRole", [svc](const resolve_info& info, const request_context& ctx, resolve_done done) {
    svc->revoke_role(*ctx.who, arg_string(info, "userId"), arg_string(info, "role"),
                     to_payload<UserState>(std::move(done), "user", render_user_payload(svc)));
  }));
  r.add("Mutation", "eraseUser", guarded("Mutation.eraseUser", [svc](const resolve_info& info, const request_context& ctx, resolve_done done) {
    svc->erase(*ctx.who, arg_string(info, "userId"), std::string{},
               to_payload<bool>(std::move(done), "ok", render_ok(), false));
  }));
}

} // namespace

void add_user_resolvers(graphql::resolver_map& resolvers, std::shared_ptr<service> identity) {
  add_queries(resolvers, identity);
  add_session_mutations(resolvers, identity);
  add_account_mutations(resolvers, identity);
  add_admin_mutations(resolvers, identity);
}

} // namespace colors::api
