#include "identity/vault.hpp"

#include "common/aead.hpp"
#include "common/errc.hpp"

namespace colors::identity {

namespace {

std::string associated(const std::string& user_id, std::string_view field) {
  std::string ad = user_id;
  ad += '/';
  ad += field;
  return ad;
}

} // namespace

pii_vault::pii_vault(std::shared_ptr<events::data_keys> keys, std::string kek, size_t cache_size)
  : keys_(std::move(keys)), kek_(std::move(kek)), cache_size_(cache_size) {}

caf::error pii_vault::create_key(const std::string& user_id) {
  auto key = new_data_key();
  auto wrapped = wrap_data_key(kek_, key, user_id);
  if (!wrapped)
    return wrapped.error();
  if (auto err = keys_->put(user_id, *wrapped))
    return err;
  remember(user_id, std::move(key));
  return {};
}

void pii_vault::remember(const std::string& user_id, std::string key) {
  std::lock_guard lock{mutex_};
  if (cache_.size() >= cache_size_)
    cache_.erase(cache_.begin());
  cache_[user_id] = std::move(key);
}

caf::expected<std::string> pii_vault::key_of(const std::string& user_id) {
  {
    std::lock_guard lock{mutex_};
    if (auto it = cache_.find(user_id); it != cache_.end())
      return it->second;
  }
  auto wrapped = keys_->get(user_id);
  if (!wrapped)
    return wrapped.error();
  if (!*wrapped)
    return make_error(errc::not_found, "the personal data of this user was erased");
  auto key = unwrap_data_key(kek_, **wrapped, user_id);
  if (!key)
    return key.error();
  remember(user_id, *key);
  return key;
}

caf::expected<std::string> pii_vault::seal(const std::string& user_id, std::string_view field,
                                           std::string_view plaintext) {
  auto key = key_of(user_id);
  if (!key)
    return key.error();
  return aead_encrypt(*key, plaintext, associated(user_id, field));
}

caf::expected<std::string> pii_vault::open(const std::string& user_id, std::string_view field,
                                           std::string_view sealed) {
  auto key = key_of(user_id);
  if (!key)
    return key.error();
  return aead_decrypt(*key, sealed, associated(user_id, field));
}

caf::expected<std::string> pii_vault::open_optional(const std::string& user_id,
                                                    std::string_view field,
                                                    std::string_view sealed) {
  if (sealed.empty())
    return std::string{};
  return open(user_id, field, sealed);
}

caf::error pii_vault::shred(const std::string& user_id) {
  {
    std::lock_guard lock{mutex_};
    cache_.erase(user_id);
  }
  auto err = keys_->shred(user_id);
  std::lock_guard lock{mutex_};
  cache_.erase(user_id); // a concurrent open may have cached it again meanwhile
  return err;
}

} // namespace colors::identity
