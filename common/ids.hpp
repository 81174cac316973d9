#pragma once
// Random (version 4) UUIDs as 16 raw bytes, and their canonical text form.
#include <string>
#include <string_view>
#include <optional>

namespace colors {

// 16 random bytes with the v4 version and variant bits set. Thread-safe.
std::string new_uuid();

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" for 16 bytes; hex for any other length.
std::string uuid_to_string(std::string_view bytes);

// Parses the canonical text form; nullopt when malformed.
std::optional<std::string> uuid_from_string(std::string_view text);

} // namespace colors
