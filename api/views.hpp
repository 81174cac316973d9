#pragma once
#include <optional>
#include <string_view>
// JSON shapes of the schema's types, built from domain state. Pure.
#include "identity/service.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <string>

namespace colors::api {

// RFC 3339 in UTC with milliseconds, e.g. 2026-11-25T18:00:00.000Z.
std::string rfc3339(int64_t unix_ms);
// Unix ms of an RFC 3339 date-time ("2026-12-06T15:00:00.250+01:00"); nullopt when malformed.
std::optional<int64_t> unix_ms_of_rfc3339(std::string_view text);

boost::json::object user_json(const events::UserState& s, const identity::user_view& personal);
boost::json::object auth_payload(const identity::signed_in& s, const identity::user_view& personal);
boost::json::object mail_json(const identity::mail_view& m);

// A mutation payload that failed with a problem the user can fix: {<field>: failed, userErrors}.
// Other errors are not user errors: nullopt.
std::optional<boost::json::object> user_error_payload(const caf::error& err,
                                                      const char* result_field,
                                                      boost::json::value failed = nullptr);

} // namespace colors::api
