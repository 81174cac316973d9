#pragma once
// Hashes, keyed hashes and randomness for the identity code (OpenSSL 3). Pure functions,
// thread-safe. Byte strings are std::string, as everywhere in the project.
#include <cstddef>
#include <string>
#include <string_view>

namespace colors {

inline constexpr size_t sha256_size = 32;

// SHA-256 of `data`, 32 raw bytes.
std::string sha256(std::string_view data);

// HMAC-SHA256 of `data` under `key` (any length), 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Equality that takes the same time wherever the first difference is (CRYPTO_memcmp), for
// comparing MACs and token hashes. Sizes are not secret: different sizes return false at once.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b);

// `n` bytes from the OpenSSL CSPRNG. Aborts the process if the generator fails: no key or token
// may ever be made from weak randomness, and OpenSSL 3 only fails when the OS has no entropy.
std::string random_bytes(size_t n);

// A URL-safe, unguessable token (base64url of `bytes` random bytes): refresh tokens, email
// verification and password reset links.
std::string random_token(size_t bytes = 32);

// What to store instead of a token: hex SHA-256. Tokens carry 256 random bits, so a plain
// (unkeyed, fast) hash is enough; a stolen table of hashes yields no usable token.
std::string token_hash(std::string_view token);

// The one canonical form of an email address for uniqueness and lookups: surrounding ASCII
// whitespace trimmed, ASCII letters lower-cased (domains are case-insensitive, and treating local
// parts case-insensitively is what users expect).
std::string normalise_email(std::string_view email);

// Hex HMAC-SHA256 of the normalised email under the email-lookup key, so that an index can find
// a user by address without holding the address in plain text.
std::string email_lookup_hash(std::string_view key, std::string_view email);

} // namespace colors
