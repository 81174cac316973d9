#include "common/aead.hpp"

#include "common/digest.hpp"
#include "common/errc.hpp"

#include <openssl/evp.h>

#include <memory>

namespace colors {

namespace {

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

cipher_ctx new_ctx() {
  return {EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free};
}

const unsigned char* u8(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

unsigned char* u8(std::string& s, size_t pos = 0) {
  return reinterpret_cast<unsigned char*>(s.data() + pos);
}

// Domain separation: a wrapped data key is never a valid sealed field and vice versa.
std::string wrap_associated_data(std::string_view user_id) {
  std::string ad = "colors.data-key.v1:";
  ad.append(user_id);
  return ad;
}

caf::error check_key(std::string_view key) {
  if (key.size() != aead_key_size)
    return make_error(errc::invalid_argument, "AES-256-GCM needs a 32-byte key, got "
                                                  + std::to_string(key.size()) + " bytes");
  return {};
}

// Feeds the version byte and the caller's associated data as GCM AAD.
bool add_aad(EVP_CIPHER_CTX* ctx, std::string_view associated_data, bool encrypt) {
  auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
  int len = 0;
  const unsigned char version = aead_version;
  if (update(ctx, nullptr, &len, &version, 1) != 1)
    return false;
  return associated_data.empty()
         || update(ctx, nullptr, &len, u8(associated_data),
                   static_cast<int>(associated_data.size()))
                == 1;
}

caf::error crypto_failure(const char* what) {
  return make_error(errc::unavailable, std::string{"OpenSSL AES-256-GCM failed: "} + what);
}

caf::error authentication_failure() {
  return make_error(errc::corrupt, "sealed data does not authenticate: wrong key, wrong "
                                   "associated data, or the data was changed");
}

} // namespace

namespace detail {

caf::expected<std::string> aead_encrypt_with_nonce(std::string_view key, std::string_view nonce,
                                                   std::string_view plaintext,
                                                   std::string_view associated_data) {
  if (auto err = check_key(key))
    return err;
  if (nonce.size() != aead_nonce_size)
    return make_error(errc::invalid_argument, "AES-256-GCM needs a 12-byte nonce");
  std::string out(aead_overhead + plaintext.size(), '\0');
  out[0] = static_cast<char>(aead_version);
  out.replace(1, aead_nonce_size, nonce);
  auto ctx = new_ctx();
  int len = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u8(key), u8(nonce)) != 1)
    return crypto_failure("init");
  if (!add_aad(ctx.get(), associated_data, true))
    return crypto_failure("associated data");
  auto* body = u8(out, 1 + aead_nonce_size);
  if (!plaintext.empty()
      && EVP_EncryptUpdate(ctx.get(), body, &len, u8(plaintext), static_cast<int>(plaintext.size()))
             != 1)
    return crypto_failure("encrypt");
  if (EVP_EncryptFinal_ex(ctx.get(), body + plaintext.size(), &len) != 1)
    return crypto_failure("final");
  auto* tag = u8(out, out.size() - aead_tag_size);
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, aead_tag_size, tag) != 1)
    return crypto_failure("tag");
  return out;
}

} // namespace detail

caf::expected<std::string> aead_encrypt(std::string_view key, std::string_view plaintext,
                                        std::string_view associated_data) {
  return detail::aead_encrypt_with_nonce(key, random_bytes(aead_nonce_size), plaintext,
                                         associated_data);
}

caf::expected<std::string> aead_decrypt(std::string_view key, std::string_view sealed,
                                        std::string_view associated_data) {
  if (auto err = check_key(key))
    return err;
  if (sealed.size() < aead_overhead)
    return make_error(errc::corrupt, "sealed data is too short (" + std::to_string(sealed.size())
                                         + " bytes, at least " + std::to_string(aead_overhead)
                                         + " needed)");
  if (static_cast<uint8_t>(sealed[0]) != aead_version)
    return make_error(errc::corrupt, "sealed data has unknown format version "
                                         + std::to_string(static_cast<uint8_t>(sealed[0])));
  auto nonce = sealed.substr(1, aead_nonce_size);
  auto body = sealed.substr(1 + aead_nonce_size, sealed.size() - aead_overhead);
  std::string tag{sealed.substr(sealed.size() - aead_tag_size)};
  std::string out(body.size(), '\0');
  auto ctx = new_ctx();
  int len = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u8(key), u8(nonce)) != 1)
    return crypto_failure("init");
  if (!add_aad(ctx.get(), associated_data, false))
    return crypto_failure("associated data");
  if (!body.empty()
      && EVP_DecryptUpdate(ctx.get(), u8(out), &len, u8(body), static_cast<int>(body.size())) != 1)
    return authentication_failure();
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, aead_tag_size, u8(tag)) != 1)
    return crypto_failure("tag");
  // The tag is checked here; on failure the already-decrypted bytes are discarded unseen.
  if (EVP_DecryptFinal_ex(ctx.get(), u8(out, body.size()), &len) != 1)
    return authentication_failure();
  return out;
}

std::string new_data_key() {
  return random_bytes(aead_key_size);
}

caf::expected<std::string> wrap_data_key(std::string_view kek, std::string_view data_key,
                                         std::string_view user_id) {
  if (data_key.size() != aead_key_size)
    return make_error(errc::invalid_argument, "a data key must be 32 bytes");
  return aead_encrypt(kek, data_key, wrap_associated_data(user_id));
}

caf::expected<std::string> unwrap_data_key(std::string_view kek, std::string_view wrapped,
                                           std::string_view user_id) {
  // The plaintext is exactly as long as the sealed body, so the size is checked up front.
  if (wrapped.size() == aead_overhead + aead_key_size || wrapped.size() < aead_overhead)
    return aead_decrypt(kek, wrapped, wrap_associated_data(user_id));
  return make_error(errc::corrupt, "a wrapped data key must seal exactly 32 bytes");
}

} // namespace colors
