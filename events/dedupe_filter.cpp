#include "events/dedupe_filter.hpp"

#include "common/bytes.hpp"
#include "common/clock.hpp"

namespace colors::events {

dedupe_expiry_filter& dedupe_expiry_filter::instance() {
  static dedupe_expiry_filter filter;
  return filter;
}

bool dedupe_expired(std::string_view value, int64_t now_ms) {
  if (value.size() < 8)
    return false;
  auto expiry = static_cast<int64_t>(get_u64_be(value));
  return expiry != 0 && expiry < now_ms;
}

bool dedupe_expiry_filter::Filter(int, const rocksdb::Slice& key, const rocksdb::Slice& value,
                                  std::string*, bool*) const {
  return !key.empty() && key[0] == 'k' && dedupe_expired(value.ToStringView(), unix_millis());
}

} // namespace colors::events
