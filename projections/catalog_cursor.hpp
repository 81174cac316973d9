#pragma once
// Sort keys and cursors of the catalog index. Every order is total: two integers compared in
// the sort's direction, then the product id ascending, so keyset pagination ("strictly after
// this key") neither skips nor repeats a product when others come and go between pages.
// A cursor is base64url (no padding) of "c1:<sort>:<primary>:<secondary>:<product id>".
// Pure functions, thread-safe.
#include "projections/catalog_index.hpp"

#include <caf/expected.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace colors::projections {

// primary: score (relevance), price (price sorts), created_at (newest), popularity.
// secondary: created_at (relevance, popularity), 0 otherwise.
struct sort_key {
  int64_t primary = 0;
  int64_t secondary = 0;
  std::string_view product_id;
};

// A cursor's key owns its id.
struct cursor_key {
  int64_t primary = 0;
  int64_t secondary = 0;
  std::string product_id;

  sort_key view() const { return {primary, secondary, product_id}; }
};

// Whether `a` comes before `b` in `sort`'s order.
bool comes_before(catalog_sort sort, const sort_key& a, const sort_key& b);

std::string encode_cursor(catalog_sort sort, const sort_key& key);

// invalid_argument when `text` is not a cursor of this index or is one of another sort.
[[nodiscard]] caf::expected<cursor_key> decode_cursor(std::string_view text, catalog_sort sort);

} // namespace colors::projections
