#pragma once
#include <rocksdb/options.h>

namespace colors::events {

// A write that returns only once the WAL is synced.
inline rocksdb::WriteOptions synced_write() {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return wo;
}

} // namespace colors::events
