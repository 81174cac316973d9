#include "common/aead.hpp"

#include "common/bytes.hpp"
#include "common/digest.hpp"
#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;

namespace {

const std::string key = std::string(32, '\x11');

std::string seal(std::string_view plaintext, std::string_view ad = "user-1/email") {
  auto sealed = aead_encrypt(key, plaintext, ad);
  REQUIRE(sealed);
  return *sealed;
}

// The error code of a failed decryption (nullopt if it succeeded).
std::optional<errc> open_error(std::string_view k, std::string_view sealed,
                               std::string_view ad = "user-1/email") {
  auto opened = aead_decrypt(k, sealed, ad);
  return opened ? std::nullopt : code_of(opened.error());
}

std::string flip(std::string s, size_t pos) {
  s[pos] = static_cast<char>(s[pos] ^ 0x01);
  return s;
}

} // namespace

TEST_CASE("sealed data has the documented layout and opens with the same key and data") {
  auto sealed = seal("ada@example.com");
  CHECK(sealed.size() == aead_overhead + 15);
  CHECK(static_cast<uint8_t>(sealed[0]) == aead_version);
  CHECK(sealed.find("ada@example.com") == std::string::npos);
  auto opened = aead_decrypt(key, sealed, "user-1/email");
  REQUIRE(opened);
  CHECK(*opened == "ada@example.com");
}

TEST_CASE("empty plaintext and empty associated data round-trip") {
  auto sealed = aead_encrypt(key, "", "");
  REQUIRE(sealed);
  CHECK(sealed->size() == aead_overhead);
  auto opened = aead_decrypt(key, *sealed);
  REQUIRE(opened);
  CHECK(opened->empty());
  auto big = std::string(100000, 'x');
  auto sealed_big = aead_encrypt(key, big);
  REQUIRE(sealed_big);
  CHECK(*aead_decrypt(key, *sealed_big) == big);
}

TEST_CASE("each encryption uses a fresh nonce, so equal plaintexts seal differently") {
  auto a = seal("same");
  auto b = seal("same");
  CHECK(a != b);
  CHECK(a.substr(1, aead_nonce_size) != b.substr(1, aead_nonce_size));
}

TEST_CASE("AES-256-GCM matches known answers (McGrew-Viega test cases 13 and 14)") {
  // Ciphertexts are those of the published vectors; the tags differ from them because our
  // format authenticates the version byte, and were computed independently (Python
  // cryptography, AAD = 0x01).
  auto zero_key = std::string(32, '\0');
  auto zero_nonce = std::string(12, '\0');
  auto empty = detail::aead_encrypt_with_nonce(zero_key, zero_nonce, "", "");
  REQUIRE(empty);
  CHECK(to_hex(*empty)
        == "01"
           "000000000000000000000000"
           "9a98a3fba5f80082f86ab6d9915ecfd2");
  auto block = detail::aead_encrypt_with_nonce(zero_key, zero_nonce, std::string(16, '\0'), "");
  REQUIRE(block);
  CHECK(to_hex(*block)
        == "01"
           "000000000000000000000000"
           "cea7403d4d606b6e074ec5d3baf39d18"
           "4dfc3b29cb522037ef8b5c806231e4e2");
  auto with_ad =
      detail::aead_encrypt_with_nonce(zero_key, zero_nonce, std::string(16, '\0'), "user-1");
  REQUIRE(with_ad);
  CHECK(to_hex(with_ad->substr(29)) == "38349a322c29c411adfa13fa69c7d362");
  CHECK(*aead_decrypt(zero_key, *block) == std::string(16, '\0'));
}

TEST_CASE("tampering with any part of sealed data is detected") {
  auto sealed = seal("measurements: 92/74/98");
  SUBCASE("the nonce") {
    CHECK(open_error(key, flip(sealed, 1)) == errc::corrupt);
  }
  SUBCASE("the last nonce byte") {
    CHECK(open_error(key, flip(sealed, 12)) == errc::corrupt);
  }
  SUBCASE("the ciphertext") {
    CHECK(open_error(key, flip(sealed, 14)) == errc::corrupt);
  }
  SUBCASE("the tag") {
    CHECK(open_error(key, flip(sealed, sealed.size() - 1)) == errc::corrupt);
  }
  SUBCASE("the associated data") {
    CHECK(open_error(key, sealed, "user-2/email") == errc::corrupt);
    CHECK(open_error(key, sealed, "") == errc::corrupt);
  }
  SUBCASE("a truncated tag") {
    CHECK(open_error(key, sealed.substr(0, sealed.size() - 1)) == errc::corrupt);
  }
  SUBCASE("appended bytes") {
    CHECK(open_error(key, sealed + "x") == errc::corrupt);
  }
}

TEST_CASE("every single-bit change anywhere is detected") {
  auto sealed = seal("short");
  for (size_t i = 0; i < sealed.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      auto changed = sealed;
      changed[i] = static_cast<char>(changed[i] ^ (1 << bit));
      CHECK(open_error(key, changed).has_value());
    }
}

TEST_CASE("the wrong key is refused with a clear message") {
  auto sealed = seal("secret");
  auto opened = aead_decrypt(std::string(32, '\x22'), sealed, "user-1/email");
  REQUIRE_FALSE(opened);
  CHECK(code_of(opened.error()) == errc::corrupt);
  CHECK(message_of(opened.error()).find("wrong key") != std::string::npos);
}

TEST_CASE("short input, an unknown version and keys of the wrong size are refused") {
  auto sealed = seal("secret");
  auto short_input = aead_decrypt(key, sealed.substr(0, aead_overhead - 1));
  REQUIRE_FALSE(short_input);
  CHECK(code_of(short_input.error()) == errc::corrupt);
  CHECK(message_of(short_input.error()).find("too short") != std::string::npos);
  CHECK(open_error(key, "") == errc::corrupt);
  auto versioned = sealed;
  versioned[0] = 2;
  auto unknown = aead_decrypt(key, versioned, "user-1/email");
  REQUIRE_FALSE(unknown);
  CHECK(message_of(unknown.error()).find("version 2") != std::string::npos);
  CHECK(open_error(std::string(16, 'k'), sealed) == errc::invalid_argument);
  auto bad_key = aead_encrypt(std::string(31, 'k'), "x");
  REQUIRE_FALSE(bad_key);
  CHECK(code_of(bad_key.error()) == errc::invalid_argument);
}

TEST_CASE("data keys are random 32-byte keys") {
  CHECK(new_data_key().size() == aead_key_size);
  CHECK(new_data_key() != new_data_key());
}

TEST_CASE("a wrapped data key is not the key and opens only for its own user and KEK") {
  auto kek = new_data_key();
  auto data_key = new_data_key();
  auto wrapped = wrap_data_key(kek, data_key, "user-1");
  REQUIRE(wrapped);
  CHECK(wrapped->find(data_key) == std::string::npos);
  auto unwrapped = unwrap_data_key(kek, *wrapped, "user-1");
  REQUIRE(unwrapped);
  CHECK(*unwrapped == data_key);
  CHECK_FALSE(unwrap_data_key(kek, *wrapped, "user-2"));
  CHECK_FALSE(unwrap_data_key(new_data_key(), *wrapped, "user-1"));
  CHECK_FALSE(unwrap_data_key(kek, flip(*wrapped, 20), "user-1"));
}

TEST_CASE("a wrapped key and a sealed field cannot stand in for each other") {
  auto kek = new_data_key();
  auto data_key = new_data_key();
  // Sealed under the same key with the bare user id as associated data: still no wrapped key.
  auto field = aead_encrypt(kek, data_key, "user-1");
  REQUIRE(field);
  auto unwrapped = unwrap_data_key(kek, *field, "user-1");
  REQUIRE_FALSE(unwrapped);
  CHECK(code_of(unwrapped.error()) == errc::corrupt);
  auto wrong_size = wrap_data_key(kek, "short", "user-1");
  REQUIRE_FALSE(wrong_size);
  CHECK(code_of(wrong_size.error()) == errc::invalid_argument);
  auto sealed_short = aead_encrypt(kek, "short", "colors.data-key.v1:user-1");
  REQUIRE(sealed_short);
  CHECK_FALSE(unwrap_data_key(kek, *sealed_short, "user-1"));
}

TEST_CASE("a personal field encrypted under an unwrapped data key survives the round trip") {
  auto kek = new_data_key();
  auto data_key = new_data_key();
  auto wrapped = *wrap_data_key(kek, data_key, "user-1");
  auto sealed = *aead_encrypt(data_key, "Ada Lovelace", "user-1/name");
  auto opened = aead_decrypt(*unwrap_data_key(kek, wrapped, "user-1"), sealed, "user-1/name");
  REQUIRE(opened);
  CHECK(*opened == "Ada Lovelace");
}
