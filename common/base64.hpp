#pragma once
// Base64 (RFC 4648): the standard alphabet with padding (config files, environment variables,
// what `openssl rand -base64 32` prints) and the URL-safe alphabet without padding (JWT segments,
// tokens in links). Decoding is strict: one canonical text per byte string, so two different
// texts never decode to the same bytes. Pure functions, thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace colors {

// Standard alphabet, '=' padding.
std::string base64_encode(std::string_view bytes);

// nullopt unless `text` is canonical padded standard base64 (no whitespace, no missing or extra
// padding, unused trailing bits zero).
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text);

// URL-safe alphabet ('-', '_'), no padding.
std::string base64url_encode(std::string_view bytes);

// nullopt unless `text` is canonical unpadded base64url ('=' is rejected).
[[nodiscard]] std::optional<std::string> base64url_decode(std::string_view text);

} // namespace colors
