// Snapshots, projection checkpoints, read-model families and idempotency keys.
#include "events/store.hpp"

#include "events/family_options.hpp"

#include "events/dedupe_filter.hpp"
#include "events/keys.hpp"
#include "events/write_options.hpp"
#include "common/clock.hpp"
#include "common/errc.hpp"

namespace colors::events {

caf::error store::save_snapshot(const SnapshotRecord& snap) {
  if (snap.stream_id().empty() || snap.stream_id().find('\0') != std::string::npos)
    return make_error(errc::invalid_argument, "a snapshot needs a valid stream id");
  std::string bytes;
  snap.SerializeToString(&bytes);
  auto st = db_->Put(synced_write(), cf_.snapshots,
                     keys::stream_entry(snap.stream_id(), snap.stream_version()), bytes);
  if (!st.ok())
    return from_status(st, "cannot save a snapshot of " + snap.stream_id());
  return prune_snapshots(snap.stream_id());
}

caf::expected<std::vector<uint64_t>> store::snapshot_versions(const std::string& stream) const {
  std::vector<uint64_t> out;
  auto end = keys::stream_end(stream);
  rocksdb::Slice upper{end};
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(ro, cf_.snapshots)};
  std::string_view name;
  uint64_t version = 0;
  for (it->Seek(keys::stream_prefix(stream)); it->Valid(); it->Next())
    if (keys::split_stream_entry(it->key().ToStringView(), name, version) && name == stream)
      out.push_back(version);
  if (!it->status().ok())
    return from_status(it->status(), "cannot list snapshots of " + stream);
  return out;
}

caf::error store::prune_snapshots(const std::string& stream) {
  auto versions = snapshot_versions(stream);
  if (!versions)
    return versions.error();
  if (versions->size() <= opts_.snapshots_to_keep)
    return {};
  rocksdb::WriteBatch batch;
  for (size_t i = 0; i + opts_.snapshots_to_keep < versions->size(); ++i)
    batch.Delete(cf_.snapshots, keys::stream_entry(stream, (*versions)[i]));
  auto st = db_->Write(synced_write(), &batch);
  return st.ok() ? caf::error{} : from_status(st, "cannot prune snapshots of " + stream);
}

caf::expected<std::optional<SnapshotRecord>> store::load_snapshot(const std::string& stream) const {
  auto end = keys::stream_end(stream);
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator({}, cf_.snapshots)};
  it->SeekForPrev(end);
  if (!it->status().ok())
    return from_status(it->status(), "cannot read snapshots of " + stream);
  std::string_view name;
  uint64_t version = 0;
  if (!it->Valid() || !keys::split_stream_entry(it->key().ToStringView(), name, version)
      || name != stream)
    return std::optional<SnapshotRecord>{};
  SnapshotRecord snap;
  if (!snap.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())))
    return make_error(errc::corrupt, "corrupt snapshot at snapshots/" + stream + "/"
                                       + std::to_string(version));
  return std::optional<SnapshotRecord>{std::move(snap)};
}

caf::error store::save_checkpoint(const std::string& projection, uint64_t seq,
                                  rocksdb::WriteBatch* read_model_writes) {
  rocksdb::WriteBatch own;
  auto* batch = read_model_writes ? read_model_writes : &own;
  batch->Put(cf_.checkpoints, projection, u64_be(seq));
  auto st = db_->Write(synced_write(), batch);
  return st.ok() ? caf::error{}
                 : from_status(st, "cannot save the checkpoint of projection " + projection);
}

caf::expected<uint64_t> store::load_checkpoint(const std::string& projection) const {
  std::string value;
  auto st = db_->Get({}, cf_.checkpoints, projection, &value);
  if (st.IsNotFound())
    return uint64_t{0};
  if (!st.ok())
    return from_status(st, "cannot read the checkpoint of projection " + projection);
  if (value.size() != 8)
    return make_error(errc::corrupt, "corrupt checkpoint at checkpoints/" + projection);
  return get_u64_be(value);
}

caf::expected<rocksdb::ColumnFamilyHandle*> store::read_model(const std::string& name) {
  std::lock_guard<std::mutex> guard{read_models_mutex_};
  if (auto it = read_models_.find(name); it != read_models_.end())
    return it->second;
  if (opts_.read_only)
    return make_error(errc::not_found, "no read model " + name);
  rocksdb::ColumnFamilyHandle* handle = nullptr;
  auto st = db_->CreateColumnFamily(options_of_new_family("read_" + name, *db_), "read_" + name,
                                    &handle);
  if (!st.ok())
    return from_status(st, "cannot create read model " + name);
  read_models_[name] = handle;
  return handle;
}

caf::error store::dedupe_put(const std::string& key, const std::string& value, int64_t ttl_ms) {
  if (key.empty())
    return make_error(errc::invalid_argument, "an idempotency key must not be empty");
  auto record = u64_be(ttl_ms > 0 ? static_cast<uint64_t>(unix_millis() + ttl_ms) : 0);
  record += value;
  auto st = db_->Put(synced_write(), cf_.dedupe, keys::idempotency(key), record);
  return st.ok() ? caf::error{} : from_status(st, "cannot store idempotency key");
}

caf::expected<std::optional<std::string>> store::dedupe_get(const std::string& key) const {
  std::string record;
  auto st = db_->Get({}, cf_.dedupe, keys::idempotency(key), &record);
  if (st.IsNotFound())
    return std::optional<std::string>{};
  if (!st.ok())
    return from_status(st, "cannot read idempotency key");
  if (record.size() < 8)
    return make_error(errc::corrupt, "corrupt idempotency record");
  if (dedupe_expired(record, unix_millis()))
    return std::optional<std::string>{};
  return std::optional<std::string>{record.substr(8)};
}

} // namespace colors::events
