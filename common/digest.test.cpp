#include "common/digest.hpp"

#include "common/base64.hpp"
#include "common/bytes.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace colors;

TEST_CASE("sha256 matches the FIPS 180-2 examples") {
  CHECK(to_hex(sha256("abc"))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("hmac_sha256 matches RFC 4231 test cases 1, 2 and 6") {
  CHECK(to_hex(hmac_sha256(std::string(20, '\x0b'), "Hi There"))
        == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?"))
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // A key longer than the block size is hashed first.
  CHECK(to_hex(hmac_sha256(std::string(131, '\xaa'),
                           "Test Using Larger Than Block-Size Key - Hash Key First"))
        == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("hmac_sha256 accepts an empty key") {
  CHECK(to_hex(hmac_sha256("", ""))
        == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST_CASE("constant_time_equal compares content and size") {
  CHECK(constant_time_equal("", ""));
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "ab"));
  CHECK_FALSE(constant_time_equal("", "a"));
}

TEST_CASE("random bytes have the asked length and do not repeat") {
  CHECK(random_bytes(0).empty());
  CHECK(random_bytes(32).size() == 32);
  CHECK(random_bytes(32) != random_bytes(32));
}

TEST_CASE("random tokens are 43 URL-safe characters of 32 random bytes and are unique") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto token = random_token();
    CHECK(token.size() == 43);
    CHECK(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        == std::string::npos);
    auto bytes = base64url_decode(token);
    REQUIRE(bytes);
    CHECK(bytes->size() == 32);
    CHECK(seen.insert(token).second);
  }
  CHECK(random_token(16).size() == 22);
}

TEST_CASE("a token hash is the hex SHA-256 of the token and differs between tokens") {
  CHECK(token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto token = random_token();
  CHECK(token_hash(token).size() == 64);
  CHECK(token_hash(token) == token_hash(token));
  CHECK(token_hash(token) != token_hash(random_token()));
}

TEST_CASE("emails are normalised by trimming and lower-casing ASCII") {
  CHECK(normalise_email("  Ada.Lovelace@Example.COM \n") == "ada.lovelace@example.com");
  CHECK(normalise_email("ada@example.com") == "ada@example.com");
  CHECK(normalise_email("") == "");
  CHECK(normalise_email(" \t ") == "");
  // Non-ASCII bytes are left alone rather than folded incorrectly.
  CHECK(normalise_email("J\xc3\x96RG@example.com") == "j\xc3\x96rg@example.com");
}

TEST_CASE("the email lookup hash is a keyed hash of the normalised address") {
  auto key = std::string(32, 'k');
  auto h = email_lookup_hash(key, "Ada@Example.com");
  CHECK(h == to_hex(hmac_sha256(key, "ada@example.com")));
  CHECK(h.size() == 64);
  CHECK(email_lookup_hash(key, " ada@example.com ") == h);
  CHECK(email_lookup_hash(std::string(32, 'j'), "ada@example.com") != h);
  CHECK(email_lookup_hash(key, "bob@example.com") != h);
  CHECK(h.find("ada") == std::string::npos);
}
