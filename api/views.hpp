#pragma once
// JSON shapes of the schema's types, built from domain state. Pure.
#include "identity/service.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <string>

namespace colors::api {

// RFC 3339 in UTC with milliseconds, e.g. 2026-11-25T18:00:00.000Z.
std::string rfc3339(int64_t unix_ms);

boost::json::object user_json(const events::UserState& s, const identity::user_view& personal);
boost::json::object auth_payload(const identity::signed_in& s, const identity::user_view& personal);
boost::json::object mail_json(const identity::mail_view& m);

// A mutation payload that failed with a problem the user can fix: {<field>: failed, userErrors}.
// Other errors are not user errors: nullopt.
std::optional<boost::json::object> user_error_payload(const caf::error& err,
                                                      const char* result_field,
                                                      boost::json::value failed = nullptr);

} // namespace colors::api
