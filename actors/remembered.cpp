#include "actors/remembered.hpp"

#include <rocksdb/db.h>

namespace colors::actors {

caf::error set_remembered(events::store& db, const std::string& type, const std::string& id,
                          bool remembered) {
  auto cf = db.read_model("remembered_" + type);
  if (!cf)
    return cf.error();
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto st = remembered ? db.raw()->Put(wo, *cf, id, "") : db.raw()->Delete(wo, *cf, id);
  return st.ok() ? caf::error{} : events::from_status(st, "cannot remember " + type + " " + id);
}

caf::expected<std::vector<std::string>> remembered_ids(events::store& db,
                                                       const std::string& type) {
  auto cf = db.read_model("remembered_" + type);
  if (!cf)
    return cf.error();
  std::vector<std::string> out;
  std::unique_ptr<rocksdb::Iterator> it{db.raw()->NewIterator({}, *cf)};
  for (it->SeekToFirst(); it->Valid(); it->Next())
    out.push_back(it->key().ToString());
  if (!it->status().ok())
    return events::from_status(it->status(), "cannot list remembered " + type);
  return out;
}

} // namespace colors::actors
