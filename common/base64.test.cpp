#include "common/base64.hpp"

#include <doctest/doctest.h>

using namespace colors;

TEST_CASE("base64 encodes the RFC 4648 test vectors with padding") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode("\xfb\xff") == "+/8=");
}

TEST_CASE("base64url encodes without padding and with the URL-safe alphabet") {
  CHECK(base64url_encode("") == "");
  CHECK(base64url_encode("f") == "Zg");
  CHECK(base64url_encode("fo") == "Zm8");
  CHECK(base64url_encode("foo") == "Zm9v");
  CHECK(base64url_encode("\xfb\xff") == "-_8");
  CHECK(base64url_encode("\xff\xff\xff") == "____");
}

TEST_CASE("every byte string round-trips through both encodings") {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes.push_back(static_cast<char>(i));
    auto plain = base64_decode(base64_encode(bytes));
    auto url = base64url_decode(base64url_encode(bytes));
    REQUIRE(plain);
    REQUIRE(url);
    CHECK(*plain == bytes);
    CHECK(*url == bytes);
  }
}

TEST_CASE("base64 decoding rejects missing, extra or misplaced padding") {
  CHECK(base64_decode("Zg==") == std::optional<std::string>{"f"});
  CHECK_FALSE(base64_decode("Zg"));
  CHECK_FALSE(base64_decode("Zg="));
  CHECK_FALSE(base64_decode("Zg==="));
  CHECK_FALSE(base64_decode("Z==="));
  CHECK_FALSE(base64_decode("===="));
  CHECK_FALSE(base64_decode("Z=g="));
  CHECK_FALSE(base64_decode("Zm9v===="));
}

TEST_CASE("base64 decoding rejects whitespace, foreign characters and the other alphabet") {
  CHECK_FALSE(base64_decode("Zm9v\n"));
  CHECK_FALSE(base64_decode(" Zm9v"));
  CHECK_FALSE(base64_decode("-_8="));
  CHECK_FALSE(base64url_decode("+/8"));
  CHECK_FALSE(base64url_decode("Zm9v "));
  CHECK_FALSE(base64url_decode(std::string{"Zm\0v", 4}));
  CHECK_FALSE(base64url_decode("Zm9v\xc3\xa9"));
}

TEST_CASE("base64url decoding rejects padding and impossible lengths") {
  CHECK(base64url_decode("") == std::optional<std::string>{""});
  CHECK_FALSE(base64url_decode("Zg=="));
  CHECK_FALSE(base64url_decode("Zm8="));
  CHECK_FALSE(base64url_decode("Z"));
  CHECK_FALSE(base64url_decode("Zm9vY"));
}

TEST_CASE("decoding rejects non-canonical text whose unused bits are set") {
  // "Zh" and "Zm9" leave unused low bits; only the zero variants are canonical.
  CHECK(base64url_decode("Zg") == std::optional<std::string>{"f"});
  CHECK_FALSE(base64url_decode("Zh"));
  CHECK(base64url_decode("Zm8") == std::optional<std::string>{"fo"});
  CHECK_FALSE(base64url_decode("Zm9"));
  CHECK_FALSE(base64_decode("Zh=="));
  CHECK_FALSE(base64_decode("Zm9="));
}
