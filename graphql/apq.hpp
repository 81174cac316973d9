#pragma once
// Automatic persisted queries (Apollo's APQ protocol): clients send
// `extensions.persistedQuery = {version: 1, sha256Hash}` and the query text only once.
//
// Thread-safety: sha256_hex is pure; the cache is internally locked.
#include "graphql/lru_cache.hpp"

#include <string>
#include <string_view>

namespace colors::graphql {

// Lower-case hex SHA-256 of `text`.
std::string sha256_hex(std::string_view text);

// A bounded LRU map of hash -> query text.
using persisted_query_cache = lru_cache<std::string>;

} // namespace colors::graphql
