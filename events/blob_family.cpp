#include "events/blob_family.hpp"

#include "common/errc.hpp"

#include <rocksdb/write_batch.h>

namespace colors::events {

blob_family::blob_family(std::function<std::shared_ptr<store>()> db, std::string name)
  : db_(std::move(db)), family_name_("blob_" + std::move(name)) {}

caf::expected<std::pair<std::shared_ptr<store>, rocksdb::ColumnFamilyHandle*>>
blob_family::family() const {
  auto db = db_();
  if (!db)
    return make_error(errc::unavailable, "the event store is not open");
  auto cf = db->read_model(family_name_);
  if (!cf)
    return cf.error();
  return std::make_pair(std::move(db), *cf);
}

caf::error blob_family::write(const std::vector<std::pair<std::string, std::string>>& puts,
                              bool sync) {
  auto fam = family();
  if (!fam)
    return fam.error();
  auto& [db, cf] = *fam;
  rocksdb::WriteBatch batch;
  for (const auto& [key, value] : puts)
    batch.Put(cf, key, value);
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  auto st = db->raw()->Write(wo, &batch);
  return st.ok() ? caf::error{} : from_status(st, "cannot write to " + family_name_);
}

caf::expected<std::optional<std::string>> blob_family::get(const std::string& key) const {
  auto fam = family();
  if (!fam)
    return fam.error();
  auto& [db, cf] = *fam;
  std::string value;
  auto st = db->raw()->Get({}, cf, key, &value);
  if (st.IsNotFound())
    return std::optional<std::string>{};
  if (!st.ok())
    return from_status(st, "cannot read from " + family_name_);
  return std::optional<std::string>{std::move(value)};
}

} // namespace colors::events
