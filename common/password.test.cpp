#include "common/password.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace colors;

namespace {

// Tiny costs keep the tests fast; production uses the defaults.
const argon2_params tiny{.memory_kib = 64, .iterations = 1, .parallelism = 1};

std::string hashed(std::string_view password, const argon2_params& params = tiny) {
  auto encoded = hash_password(password, params);
  REQUIRE(encoded);
  return *encoded;
}

} // namespace

TEST_CASE("the defaults are OWASP's Argon2id baseline") {
  argon2_params params;
  CHECK(params.memory_kib == 19456);
  CHECK(params.iterations == 2);
  CHECK(params.parallelism == 1);
}

TEST_CASE("a password hash is the standard Argon2id encoding of the parameters") {
  auto encoded = hashed("correct horse battery staple");
  CHECK(encoded.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
  // 16-byte salt and 32-byte hash in unpadded base64.
  auto hash_start = encoded.rfind('$');
  auto salt_start = encoded.rfind('$', hash_start - 1);
  CHECK(salt_start == 27);
  CHECK(hash_start - salt_start - 1 == 22);
  CHECK(encoded.size() - hash_start - 1 == 43);
}

TEST_CASE("the production parameters hash and verify") {
  auto encoded = hashed("correct horse battery staple", argon2_params{});
  CHECK(encoded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
  CHECK(verify_password("correct horse battery staple", encoded) == true);
}

TEST_CASE("the right password verifies and a wrong one does not") {
  auto encoded = hashed("correct horse battery staple");
  CHECK(verify_password("correct horse battery staple", encoded) == true);
  CHECK(verify_password("correct horse battery stapler", encoded) == false);
  CHECK(verify_password("", encoded) == false);
  CHECK(verify_password("Correct horse battery staple", encoded) == false);
}

TEST_CASE("hashing the same password twice salts differently") {
  auto a = hashed("correct horse battery staple");
  auto b = hashed("correct horse battery staple");
  CHECK(a != b);
  CHECK(verify_password("correct horse battery staple", b) == true);
}

TEST_CASE("a hash from the reference implementation verifies (known answer)") {
  // argon2 "password" -id -t 2 -m 16 -p 1 with salt "somesalt"; published by the reference
  // implementation and reproduced by independent implementations.
  const std::string reference =
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
  CHECK(verify_password("password", reference) == true);
  CHECK(verify_password("passwore", reference) == false);
}

TEST_CASE("a damaged or foreign stored hash is corrupt, not a mismatch") {
  auto encoded = hashed("correct horse battery staple");
  for (const std::string& bad : std::vector<std::string>{
           "", "plain text", "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ",
           "$2y$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", encoded.substr(0, 30),
           "$argon2id$v=19$m=64,t=1,p=1$$",
           "$argon2id$v=19$m=99999999999,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ",
           "$argon2id$v=19$m=8388608,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ",
           "$argon2id$v=19$m=064,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ"}) {
    CAPTURE(bad);
    auto result = verify_password("correct horse battery staple", bad);
    REQUIRE_FALSE(result);
    CHECK(code_of(result.error()) == errc::corrupt);
  }
}

TEST_CASE("parameters libargon2 refuses are an invalid argument") {
  auto result = hash_password("correct horse battery staple",
                              argon2_params{.memory_kib = 1, .iterations = 1, .parallelism = 1});
  REQUIRE_FALSE(result);
  CHECK(code_of(result.error()) == errc::invalid_argument);
}

TEST_CASE("needs_rehash is true when the parameters or the format differ") {
  auto encoded = hashed("correct horse battery staple");
  CHECK_FALSE(needs_rehash(encoded, tiny));
  CHECK(needs_rehash(encoded, argon2_params{}));
  CHECK(needs_rehash(encoded, {.memory_kib = 128, .iterations = 1, .parallelism = 1}));
  CHECK(needs_rehash(encoded, {.memory_kib = 64, .iterations = 2, .parallelism = 1}));
  CHECK(needs_rehash(encoded, {.memory_kib = 64, .iterations = 1, .parallelism = 2}));
  CHECK(needs_rehash("$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ", tiny));
  CHECK(needs_rehash("$argon2id$v=16$m=64,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ", tiny));
  CHECK(needs_rehash("garbage", tiny));
  // The reference hash has an 8-byte salt: re-hash with our 16-byte salt.
  CHECK(needs_rehash(
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      {.memory_kib = 65536, .iterations = 2, .parallelism = 1}));
}

TEST_CASE("the password policy accepts a reasonable password") {
  CHECK(check_password("correct horse", "ada@example.com") == password_problem::none);
  CHECK_FALSE(validate_password("correct horse", "ada@example.com"));
}

TEST_CASE("the password policy counts characters as code points, not bytes") {
  // Nine characters but eighteen bytes: too short.
  CHECK(check_password("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x", "")
        == password_problem::too_short);
  // Ten characters of which one is four bytes long: accepted.
  CHECK(check_password("abcdefghi\xf0\x9f\x98\x80", "") == password_problem::none);
  CHECK(check_password("abcdefghi", "") == password_problem::too_short);
  CHECK(check_password("abcdefghij", "") == password_problem::none);
  CHECK(check_password(std::string(128, 'a') + "", "") == password_problem::one_repeated_character);
  CHECK(check_password(std::string(127, 'a') + "b", "") == password_problem::none);
  CHECK(check_password(std::string(128, 'a') + "b", "") == password_problem::too_long);
  std::string emoji;
  for (int i = 0; i < 64; ++i)
    emoji += "\xf0\x9f\x98\x80\xf0\x9f\x98\x81"; // 128 characters, 512 bytes
  CHECK(check_password(emoji, "") == password_problem::none);
  CHECK(check_password(emoji + "x", "") == password_problem::too_long);
}

TEST_CASE("the password policy rejects one repeated character, also multi-byte ones") {
  CHECK(check_password("aaaaaaaaaaaa", "") == password_problem::one_repeated_character);
  std::string smiles;
  for (int i = 0; i < 10; ++i)
    smiles += "\xf0\x9f\x98\x80";
  CHECK(check_password(smiles, "") == password_problem::one_repeated_character);
  CHECK(check_password("aaaaaaaaaab", "") == password_problem::none);
}

TEST_CASE("the password policy rejects the email address, ignoring case and spaces") {
  CHECK(check_password("ada.lovelace@example.com", "ada.lovelace@example.com")
        == password_problem::same_as_email);
  CHECK(check_password("Ada.Lovelace@Example.com ", "ada.lovelace@example.com")
        == password_problem::same_as_email);
  CHECK(check_password("ada.lovelace@example.org", "ada.lovelace@example.com")
        == password_problem::none);
}

TEST_CASE("the password policy rejects invalid UTF-8") {
  for (const std::string& bad : std::vector<std::string>{
           "abcdefghij\xff", "abcdefghij\xc3", "abcdefghij\xc0\xaf", "abcdefghij\xed\xa0\x80",
           "abcdefghij\xf4\x90\x80\x80", "abcdefghij\x80"}) {
    CAPTURE(bad);
    CHECK(check_password(bad, "") == password_problem::not_utf8);
  }
}

TEST_CASE("each policy failure names the rule in a clear message") {
  password_policy policy;
  CHECK(describe(password_problem::too_short, policy)
        == "password must have at least 10 characters");
  CHECK(describe(password_problem::too_long, policy)
        == "password must have at most 128 characters");
  CHECK(describe(password_problem::one_repeated_character)
        == "password must not be one character repeated");
  CHECK(describe(password_problem::same_as_email) == "password must not be your email address");
  CHECK(describe(password_problem::not_utf8) == "password must be valid UTF-8 text");
  auto err = validate_password("short", "ada@example.com");
  REQUIRE(err);
  CHECK(code_of(err) == errc::invalid_argument);
  CHECK(message_of(err) == "password must have at least 10 characters");
  auto custom = validate_password("short", "", password_policy{.min_chars = 12, .max_chars = 64});
  CHECK(message_of(custom) == "password must have at least 12 characters");
}
