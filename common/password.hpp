#pragma once
// Password hashing with Argon2id (libargon2, the reference implementation) in the standard
// encoded form `$argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>`, and the password
// policy. Pure functions, thread-safe; hashing is deliberately slow (tens of milliseconds with the
// production parameters), so call it off latency-sensitive threads and only for login/register.
#include <caf/error.hpp>
#include <caf/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace colors {

// Cost parameters. The defaults are OWASP's Argon2id baseline (19 MiB, 2 passes, 1 lane); tests
// may use tiny values (memory_kib >= 8 * parallelism).
struct argon2_params {
  uint32_t memory_kib = 19456;
  uint32_t iterations = 2;
  uint32_t parallelism = 1;
};

inline constexpr size_t password_salt_size = 16;
inline constexpr size_t password_hash_size = 32;

// The encoded Argon2id hash of `password` with a fresh random salt.
// Errors: invalid_argument when libargon2 refuses the parameters.
[[nodiscard]] caf::expected<std::string> hash_password(std::string_view password,
                                                       const argon2_params& params = {});

// True when `password` matches; false when it does not. The hash comparison is constant-time.
// Errors: corrupt when `encoded` is not an Argon2id hash we could have written (which includes
// a memory cost over 4 GiB: a damaged record must not make us allocate without bound).
[[nodiscard]] caf::expected<bool> verify_password(std::string_view password,
                                                  std::string_view encoded);

// True when `encoded` was made with other parameters, another variant or version, or does not
// parse: after a successful login the caller re-hashes with the current parameters.
[[nodiscard]] bool needs_rehash(std::string_view encoded, const argon2_params& params);

// Password policy. Lengths count Unicode code points, not bytes.
struct password_policy {
  size_t min_chars = 10;
  size_t max_chars = 128;
};

enum class password_problem : uint8_t {
  none,
  not_utf8,               // the bytes are not valid UTF-8
  too_short,              // fewer than min_chars code points
  too_long,               // more than max_chars code points
  one_repeated_character, // e.g. "aaaaaaaaaaaa"
  same_as_email,          // equals the account's email (ignoring case and surrounding spaces)
};

// The first rule `password` breaks, or none.
[[nodiscard]] password_problem check_password(std::string_view password, std::string_view email,
                                              const password_policy& policy = {});

// A sentence for the user, e.g. "password must have at least 10 characters".
std::string describe(password_problem problem, const password_policy& policy = {});

// check_password as an error value: invalid_argument with describe()'s message, or no error.
[[nodiscard]] caf::error validate_password(std::string_view password, std::string_view email,
                                           const password_policy& policy = {});

} // namespace colors
