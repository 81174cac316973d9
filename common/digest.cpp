#include "common/digest.hpp"

#include "common/base64.hpp"
#include "common/bytes.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

namespace colors {

namespace {

const unsigned char* data_of(std::string_view bytes) {
  return reinterpret_cast<const unsigned char*>(bytes.data());
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

} // namespace

std::string sha256(std::string_view data) {
  std::string out(sha256_size, '\0');
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len,
             EVP_sha256(), nullptr);
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::string out(sha256_size, '\0');
  unsigned int len = 0;
  // A zero-length key is legal HMAC; OpenSSL wants a non-null pointer for it.
  static const unsigned char empty = 0;
  HMAC(EVP_sha256(), key.empty() ? &empty : data_of(key), static_cast<int>(key.size()),
       data_of(data), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len);
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::fputs("fatal: the OpenSSL random generator failed\n", stderr);
    std::abort();
  }
  return out;
}

std::string random_token(size_t bytes) {
  return base64url_encode(random_bytes(bytes));
}

std::string token_hash(std::string_view token) {
  return to_hex(sha256(token));
}

std::string normalise_email(std::string_view email) {
  while (!email.empty() && is_ascii_space(email.front()))
    email.remove_prefix(1);
  while (!email.empty() && is_ascii_space(email.back()))
    email.remove_suffix(1);
  std::string out(email);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string email_lookup_hash(std::string_view key, std::string_view email) {
  return to_hex(hmac_sha256(key, normalise_email(email)));
}

} // namespace colors
