#include "projections/catalog_cursor.hpp"

#include "common/base64.hpp"
#include "common/errc.hpp"

#include <charconv>

namespace colors::projections {

namespace {

constexpr std::string_view cursor_version = "c1";

bool primary_ascending(catalog_sort sort) {
  return sort == catalog_sort::price_asc;
}

caf::error malformed(std::string_view why) {
  return make_error(errc::invalid_argument, "malformed cursor (after): " + std::string{why});
}

// The next ':'-separated field of `rest`, consumed.
std::string_view next_field(std::string_view& rest) {
  auto end = rest.find(':');
  auto field = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  return field;
}

bool parse_int(std::string_view text, int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size() && !text.empty();
}

} // namespace

bool comes_before(catalog_sort sort, const sort_key& a, const sort_key& b) {
  if (a.primary != b.primary)
    return primary_ascending(sort) ? a.primary < b.primary : a.primary > b.primary;
  if (a.secondary != b.secondary)
    return a.secondary > b.secondary;
  return a.product_id < b.product_id;
}

std::string encode_cursor(catalog_sort sort, const sort_key& key) {
  std::string text{cursor_version};
  text += ':' + std::to_string(static_cast<int>(sort)) + ':' + std::to_string(key.primary) + ':'
          + std::to_string(key.secondary) + ':';
  text += key.product_id;
  return base64url_encode(text);
}

caf::expected<cursor_key> decode_cursor(std::string_view text, catalog_sort sort) {
  if (text.size() > catalog_limits::max_cursor_chars)
    return malformed("too long");
  auto bytes = base64url_decode(text);
  if (!bytes)
    return malformed("not base64url");
  std::string_view rest{*bytes};
  if (next_field(rest) != cursor_version)
    return malformed("unknown version");
  int64_t sort_number = 0;
  cursor_key key;
  if (!parse_int(next_field(rest), sort_number) || !parse_int(next_field(rest), key.primary)
      || !parse_int(next_field(rest), key.secondary) || rest.empty())
    return malformed("bad fields");
  if (sort_number != static_cast<int>(sort))
    return malformed("it belongs to another sort order");
  key.product_id = std::string{rest};
  return key;
}

} // namespace colors::projections
