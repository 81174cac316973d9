#pragma once
// Automatic persisted queries (Apollo's APQ protocol): clients send
// `extensions.persistedQuery = {version: 1, sha256Hash}` and the query text only once.
//
// Thread-safety: every member may be called concurrently (one mutex guards the cache).
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace colors::graphql {

// Lower-case hex SHA-256 of `text`.
std::string sha256_hex(std::string_view text);

// A bounded LRU map of hash -> query text.
class persisted_query_cache {
public:
  explicit persisted_query_cache(std::size_t capacity) : capacity_(capacity) {}

  std::optional<std::string> find(const std::string& hash);
  void put(const std::string& hash, std::string query);
  std::size_t size() const;

private:
  using entry = std::pair<std::string, std::string>;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<entry> lru_; // most recent first
  std::unordered_map<std::string, std::list<entry>::iterator> index_;
};

} // namespace colors::graphql
