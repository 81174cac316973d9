#pragma once
// Rendering of stored events as JSON (colctl export). Pure functions, thread-safe.
#include "common/json.hpp"
#include "events/types.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace colors::tools {

using colors::json_string;

// "2024-05-01T12:34:56.789Z" for Unix milliseconds (UTC, negative values included).
std::string rfc3339_utc_ms(int64_t unix_ms);

// Standard base64 with padding (RFC 4648 section 4).
std::string base64(std::string_view bytes);

// The payload member: `"payload":{...}` when `type` names a message of the generated descriptor
// pool and the bytes decode, otherwise `"payload_base64":"..."`.
std::string payload_member(std::string_view type, std::string_view bytes);

// One event as one line of NDJSON (without the newline).
std::string envelope_json(const events::envelope& env);

} // namespace colors::tools
