#include "api/views.hpp"

#include "common/errc.hpp"

#include <ctime>

namespace colors::api {

namespace json = boost::json;

std::string rfc3339(int64_t ms) {
  std::time_t secs = ms / 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

namespace {

json::array string_list(const json::object& prefs, const char* key) {
  json::array out;
  if (auto* v = prefs.if_contains(key); v && v->is_array())
    for (const auto& item : v->as_array())
      if (item.is_string())
        out.push_back(item);
  return out;
}

json::object preferences_json(const json::object& prefs) {
  return {{"favoriteColors", string_list(prefs, "favoriteColors")},
          {"styles", string_list(prefs, "styles")},
          {"brands", string_list(prefs, "brands")},
          {"sizes", string_list(prefs, "sizes")}};
}

template <class T>
json::value or_null(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

} // namespace

json::object user_json(const events::UserState& s, const identity::user_view& personal) {
  return {{"__typename", "User"},
          {"id", s.user_id()},
          {"status", s.erased() ? "ERASED" : "ACTIVE"},
          {"email", or_null(personal.email)},
          {"emailVerified", s.email_verified()},
          {"displayName", or_null(personal.display_name)},
          {"roles", identity::roles_json(s)},
          {"preferences", preferences_json(personal.preferences)},
          {"activeSessions", s.sessions_size()},
          {"createdAt", rfc3339(s.created_at())}};
}

json::object auth_payload(const identity::signed_in& s, const identity::user_view& personal) {
  return {{"accessToken", s.tokens.access_token},
          {"accessTokenExpiresAt", rfc3339(s.tokens.access_expires_at * 1000)},
          {"refreshToken", s.tokens.refresh_token},
          {"user", user_json(s.user, personal)},
          {"userErrors", json::array{}}};
}

json::object mail_json(const identity::mail_view& m) {
  return {{"id", std::to_string(m.position)},
          {"kind", m.kind},
          {"to", m.to},
          {"body", m.body},
          {"queuedAt", rfc3339(m.queued_at)}};
}

std::optional<json::object> user_error_payload(const caf::error& err, const char* result_field,
                                               json::value failed) {
  auto code = code_of(err);
  if (!code)
    return std::nullopt;
  const char* name = nullptr;
  switch (*code) {
    case errc::invalid_argument: name = "INVALID_INPUT"; break;
    case errc::duplicate:
    case errc::conflict: name = "CONFLICT"; break;
    case errc::not_found: name = "NOT_FOUND"; break;
    case errc::unauthenticated: name = "UNAUTHENTICATED"; break;
    default: return std::nullopt;
  }
  json::object user_error{{"field", nullptr}, {"message", message_of(err)}, {"code", name}};
  json::object payload{{"userErrors", json::array{user_error}}};
  payload[result_field] = std::move(failed);
  return payload;
}

} // namespace colors::api
