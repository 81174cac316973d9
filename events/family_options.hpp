#pragma once
// The options of a column family created while the store is open (read models), the same as
// those it gets when the store is reopened: e.g. blob files for "read_blob_*". events/ only.
#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <string>

namespace colors::events {

rocksdb::ColumnFamilyOptions options_of_new_family(const std::string& family,
                                                   const rocksdb::DB& db);

} // namespace colors::events
