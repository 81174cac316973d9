#include "events/data_keys.hpp"

#include "common/errc.hpp"
#include "events/write_options.hpp"

#include <rocksdb/db.h>

namespace colors::events {

namespace {

std::string key_of(const std::string& user_id) {
  return "u" + user_id;
}

} // namespace

caf::expected<std::shared_ptr<store>> data_keys::open_store() const {
  auto db = db_();
  if (!db)
    return make_error(errc::unavailable, "the event store is not open");
  return db;
}

caf::error data_keys::put(const std::string& user_id, const std::string& wrapped) {
  auto existing = get(user_id);
  if (!existing)
    return existing.error();
  if (*existing)
    return make_error(errc::duplicate, "user " + user_id + " already has a data key");
  auto db = open_store();
  if (!db)
    return db.error();
  auto st = (*db)->raw()->Put(synced_write(), (*db)->keys_cf(), key_of(user_id), wrapped);
  return st.ok() ? caf::error{} : from_status(st, "cannot store the data key of user " + user_id);
}

caf::expected<std::optional<std::string>> data_keys::get(const std::string& user_id) const {
  auto db = open_store();
  if (!db)
    return db.error();
  std::string value;
  auto st = (*db)->raw()->Get(rocksdb::ReadOptions{}, (*db)->keys_cf(), key_of(user_id), &value);
  if (st.IsNotFound())
    return std::optional<std::string>{};
  if (!st.ok())
    return from_status(st, "cannot read the data key of user " + user_id);
  return std::optional<std::string>{std::move(value)};
}

caf::error data_keys::shred(const std::string& user_id) {
  auto db = open_store();
  if (!db)
    return db.error();
  auto key = key_of(user_id);
  auto* raw = (*db)->raw();
  auto st = raw->SingleDelete(synced_write(), (*db)->keys_cf(), key);
  if (!st.ok())
    return from_status(st, "cannot delete the data key of user " + user_id);
  // Every family's memtable is flushed, so no WAL file that held the wrapped key stays live.
  if (auto err = (*db)->flush())
    return err;
  rocksdb::CompactRangeOptions co;
  co.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  rocksdb::Slice k{key};
  st = raw->CompactRange(co, (*db)->keys_cf(), &k, &k);
  return st.ok() ? caf::error{} : from_status(st, "cannot delete the data key of user " + user_id);
}

} // namespace colors::events
