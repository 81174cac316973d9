#pragma once
// Key encodings of the store's column families. Integers are big-endian so that bytewise order
// is numeric order; a stream id never contains NUL, so "stream\0" is an unambiguous prefix.
#include "common/bytes.hpp"

#include <string>
#include <string_view>

namespace colors::events::keys {

inline std::string log(uint64_t seq) { return u64_be(seq); }

inline std::string stream_prefix(std::string_view stream) {
  std::string out{stream};
  out.push_back('\0');
  return out;
}

inline std::string stream_entry(std::string_view stream, uint64_t version) {
  auto out = stream_prefix(stream);
  put_u64_be(out, version);
  return out;
}

// The first key after every key of the stream's prefix.
inline std::string stream_end(std::string_view stream) {
  std::string out{stream};
  out.push_back('\x01');
  return out;
}

// Splits "stream\0<8 bytes>"; false when the key has another shape.
inline bool split_stream_entry(std::string_view key, std::string_view& stream, uint64_t& version) {
  if (key.size() < 10 || key[key.size() - 9] != '\0')
    return false;
  stream = key.substr(0, key.size() - 9);
  version = get_u64_be(key, key.size() - 8);
  return true;
}

// dedupe family: event ids ("e" + 16 bytes) and idempotency keys ("k" + key).
inline std::string event_id(std::string_view id) { return "e" + std::string{id}; }
inline std::string idempotency(std::string_view key) { return "k" + std::string{key}; }

} // namespace colors::events::keys
