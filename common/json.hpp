#pragma once
// JSON string escaping shared by logs, error bodies and exports. Pure, thread-safe.
#include <string>
#include <string_view>

namespace colors {

// The text escaped for use inside JSON double quotes. Bytes that are not valid UTF-8 become
// U+FFFD, so the output always parses whatever the input.
std::string json_escape(std::string_view text);

// A JSON string literal, quotes included.
std::string json_string(std::string_view text);

} // namespace colors
