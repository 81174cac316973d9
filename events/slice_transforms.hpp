#pragma once
// Memtable insert hints: RocksDB keeps the last insert position per prefix, so keys that grow
// within a prefix (a stream's versions) insert in O(1).
#include <rocksdb/slice_transform.h>

#include <cstring>

namespace colors::events {

// "stream\0<version>" -> "stream\0". Stateless; shared by all column families.
class stream_prefix_transform : public rocksdb::SliceTransform {
public:
  const char* Name() const override { return "colors.stream_prefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const auto* nul = static_cast<const char*>(std::memchr(key.data(), '\0', key.size()));
    return {key.data(), static_cast<size_t>(nul - key.data()) + 1};
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return std::memchr(key.data(), '\0', key.size()) != nullptr;
  }
};

} // namespace colors::events
