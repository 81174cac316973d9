#pragma once
// Drops expired idempotency keys ("k" entries of the dedupe family) during compaction.
// Value layout of a "k" entry: 8-byte big-endian expiry in Unix ms (0: never), then the value.
// Stateless, so one instance serves every compaction thread.
#include <rocksdb/compaction_filter.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace colors::events {

class dedupe_expiry_filter : public rocksdb::CompactionFilter {
public:
  static dedupe_expiry_filter& instance();
  bool Filter(int level, const rocksdb::Slice& key, const rocksdb::Slice& value,
              std::string* new_value, bool* value_changed) const override;
  const char* Name() const override { return "colors.dedupe_expiry"; }
};

// True when a "k" value has an expiry and it lies before `now_ms`.
bool dedupe_expired(std::string_view value, int64_t now_ms);

} // namespace colors::events
