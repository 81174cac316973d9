#include "api/views.hpp"

#include "common/errc.hpp"

#include <cstdio>
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

std::optional<int64_t> unix_ms_of_rfc3339(std::string_view text) {
  std::string t{text};
  int y, mo, d, h, mi, sec, used = 0;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2d%*[Tt ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  int64_t ms = int64_t(timegm(&tm)) * 1000;
  std::string_view rest{t.c_str() + used};
  if (!rest.empty() && rest.front() == '.') {
    int64_t scale = 100;
    rest.remove_prefix(1);
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
      ms += (rest.front() - '0') * scale;
      scale /= 10;
      rest.remove_prefix(1);
    }
  }
  if (rest == "Z" || rest == "z")
    return ms;
  int oh = 0, om = 0;
  if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-')
      || std::sscanf(std::string{rest.substr(1)}.c_str(), "%2d:%2d", &oh, &om) != 2)
    return std::nullopt;
  int64_t offset = (oh * 60 + om) * 60'000LL;
  return rest[0] == '+' ? ms - offset : ms + offset;
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
