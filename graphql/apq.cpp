#include "graphql/apq.hpp"

#include <openssl/evp.h>

namespace colors::graphql {

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

std::optional<std::string> persisted_query_cache::find(const std::string& hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(hash);
  if (it == index_.end())
    return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void persisted_query_cache::put(const std::string& hash, std::string query) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (capacity_ == 0)
    return;
  if (auto it = index_.find(hash); it != index_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.emplace_front(hash, std::move(query));
  index_[hash] = lru_.begin();
  if (lru_.size() > capacity_) {
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

std::size_t persisted_query_cache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lru_.size();
}

} // namespace colors::graphql
