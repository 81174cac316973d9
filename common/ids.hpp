#pragma once
// Time-ordered random UUIDs (version 7: 48-bit Unix ms, then 74 random bits) as 16 raw bytes,
// and their canonical text form. Time order keeps RocksDB inserts of new ids near each other.
#include <string>
#include <string_view>
#include <optional>

namespace colors {

// A new version 7 UUID: millisecond, a counter (ids of this process increase in the order they
// are made, across threads), 62 random bits. Thread-safe.
std::string new_uuid();

// A name-based UUID (version 8: the first 16 bytes of the SHA-256 of `name`, with the version
// and variant bits set): the same name always gives the same id. Thread-safe.
std::string name_uuid(std::string_view name);

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" for 16 bytes; hex for any other length.
std::string uuid_to_string(std::string_view bytes);

// Parses the canonical text form; nullopt when malformed.
std::optional<std::string> uuid_from_string(std::string_view text);

} // namespace colors
