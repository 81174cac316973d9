#include "common/bytes.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"
#include "common/log.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

using namespace colors;

TEST_CASE("big-endian integers round-trip and sort numerically as bytes") {
  CHECK(get_u64_be(u64_be(0x0102030405060708ULL)) == 0x0102030405060708ULL);
  CHECK(u64_be(255) < u64_be(256));
  CHECK(u64_be(1) < u64_be(UINT64_MAX));
}

TEST_CASE("uuids are unique, version 7, time-ordered, and round-trip through text") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = new_uuid();
    REQUIRE(id.size() == 16);
    CHECK((static_cast<unsigned char>(id[6]) >> 4) == 7);
    CHECK((static_cast<unsigned char>(id[8]) >> 6) == 2);
    CHECK(seen.insert(id).second);
    auto text = uuid_to_string(id);
    CHECK(text.size() == 36);
    CHECK(uuid_from_string(text) == id);
  }
  auto earlier = new_uuid();
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK(earlier.substr(0, 6) < new_uuid().substr(0, 6));
  // Within one millisecond too, each thread's ids increase in the order it makes them, and
  // no two threads make the same one.
  std::vector<std::string> theirs, mine;
  std::thread other{[&] {
    for (int i = 0; i < 2500; ++i)
      theirs.push_back(new_uuid());
  }};
  for (int i = 0; i < 2500; ++i)
    mine.push_back(new_uuid());
  other.join();
  CHECK(std::is_sorted(mine.begin(), mine.end()));
  CHECK(std::is_sorted(theirs.begin(), theirs.end()));
  std::set<std::string> both{mine.begin(), mine.end()};
  both.insert(theirs.begin(), theirs.end());
  CHECK(both.size() == 5000);
  CHECK_FALSE(uuid_from_string("not-a-uuid").has_value());
  CHECK_FALSE(uuid_from_string("zzzzzzzz-0000-4000-8000-000000000000").has_value());
}

TEST_CASE("name-based uuids are version 8, the same for the same name, different for others") {
  auto a = name_uuid("tryon/u1/key-1");
  REQUIRE(a.size() == 16);
  CHECK((static_cast<unsigned char>(a[6]) >> 4) == 8);
  CHECK((static_cast<unsigned char>(a[8]) >> 6) == 2);
  CHECK(a == name_uuid("tryon/u1/key-1"));
  CHECK(a != name_uuid("tryon/u2/key-1"));
  CHECK(uuid_from_string(uuid_to_string(a)) == a);
}

TEST_CASE("errors carry a code, a message and, for conflicts, the current version") {
  auto err = make_error(errc::too_large, "append of 2000 events is over the limit of 1000");
  CHECK(code_of(err) == errc::too_large);
  CHECK(message_of(err) == "append of 2000 events is over the limit of 1000");
  CHECK_FALSE(current_version_of(err).has_value());

  auto conflict = make_conflict("stream s is at version 7, expected 3", 7);
  CHECK(code_of(conflict) == errc::conflict);
  CHECK(current_version_of(conflict) == 7u);
  CHECK_FALSE(code_of(caf::error{}).has_value());
}

TEST_CASE("json escaping handles quotes, backslashes and control characters") {
  CHECK(json_escape("a\"b\\c\n\x01") == "a\\\"b\\\\c\\n\\u0001");
  CHECK(json_escape("gr\xc3\xbcn") == "gr\xc3\xbcn");
  CHECK(json_escape("a\xff") == "a\xef\xbf\xbd");
  CHECK(json_string("x") == "\"x\"");
}
