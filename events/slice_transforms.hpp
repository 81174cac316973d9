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

// Every key -> the empty prefix: one hint for the whole family. For `log`, whose keys (global
// sequences) only grow, each insert then starts where the last one ended instead of searching
// the memtable's skip list from its top.
class single_prefix_transform : public rocksdb::SliceTransform {
public:
  const char* Name() const override { return "colors.single_prefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override { return {key.data(), 0}; }
  bool InDomain(const rocksdb::Slice&) const override { return true; }
};

} // namespace colors::events
