#pragma once
// Authenticated encryption of personal data: AES-256-GCM with a random 96-bit nonce per message.
// Sealed format: version (1 byte) || nonce (12) || ciphertext || tag (16). The version byte is
// also authenticated, so a future format cannot be confused with this one. Pure functions,
// thread-safe.
//
// Per-user data keys (crypto-shredding): each user's personal fields are sealed under their own
// random data key; the data key is stored only wrapped (sealed) under the master key-encryption
// key with the user id bound in, so a wrapped key copied to another user does not open.
#include <caf/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace colors {

inline constexpr size_t aead_key_size = 32;
inline constexpr size_t aead_nonce_size = 12;
inline constexpr size_t aead_tag_size = 16;
inline constexpr uint8_t aead_version = 1;
// Bytes a sealed message has beyond its plaintext.
inline constexpr size_t aead_overhead = 1 + aead_nonce_size + aead_tag_size;

// Seals `plaintext` under a 32-byte key; `associated_data` is authenticated but not stored (the
// caller must present the same bytes to open, e.g. the user id and field name).
// Errors: invalid_argument for a key of the wrong size.
[[nodiscard]] caf::expected<std::string> aead_encrypt(std::string_view key,
                                                      std::string_view plaintext,
                                                      std::string_view associated_data = {});

// Opens what aead_encrypt sealed. Errors: invalid_argument for a key of the wrong size; corrupt
// for input too short or of an unknown version, and for any authentication failure (wrong key,
// wrong associated data, or a changed nonce, ciphertext or tag: GCM cannot tell these apart).
[[nodiscard]] caf::expected<std::string> aead_decrypt(std::string_view key, std::string_view sealed,
                                                      std::string_view associated_data = {});

// A fresh random 32-byte key.
std::string new_data_key();

// The data key of `user_id` sealed under the key-encryption key.
[[nodiscard]] caf::expected<std::string>
wrap_data_key(std::string_view kek, std::string_view data_key, std::string_view user_id);

// The data key back; errors as aead_decrypt, plus corrupt when the result is not 32 bytes.
[[nodiscard]] caf::expected<std::string>
unwrap_data_key(std::string_view kek, std::string_view wrapped, std::string_view user_id);

namespace detail {

// aead_encrypt with a given nonce: only for known-answer tests. Reusing a nonce under one key
// breaks GCM completely, so production code must never call this.
[[nodiscard]] caf::expected<std::string> aead_encrypt_with_nonce(std::string_view key,
                                                                 std::string_view nonce,
                                                                 std::string_view plaintext,
                                                                 std::string_view associated_data);

} // namespace detail

} // namespace colors
