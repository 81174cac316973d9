#include "events/head_cache.hpp"

#include <doctest/doctest.h>

using colors::events::head_cache;

TEST_CASE("the head cache forgets the least recently used stream first") {
  head_cache cache{2};
  cache.put("a", 1);
  cache.put("b", 2);
  CHECK(cache.find("a") == uint64_t{1}); // "a" is now the most recent
  cache.put("c", 3);                     // evicts "b"
  CHECK(cache.size() == 2);
  CHECK_FALSE(cache.find("b"));
  CHECK(cache.find("a") == uint64_t{1});
  CHECK(cache.find("c") == uint64_t{3});
}

TEST_CASE("putting a cached stream again updates it in place") {
  head_cache cache{2};
  cache.put("a", 1);
  cache.put("b", 1);
  cache.put("a", 7); // no eviction: "a" is known
  CHECK(cache.size() == 2);
  CHECK(cache.find("a") == uint64_t{7});
  CHECK(cache.find("b") == uint64_t{1});
}
