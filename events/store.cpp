#include "events/store.hpp"

#include "events/dedupe_filter.hpp"
#include "events/family_options.hpp"
#include "events/keys.hpp"
#include "events/slice_transforms.hpp"
#include "common/errc.hpp"

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/cache.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>

#include <algorithm>

namespace colors::events {

namespace {

const std::vector<std::string> family_names = {rocksdb::kDefaultColumnFamilyName,
                                               "log",
                                               "streams",
                                               "snapshots",
                                               "checkpoints",
                                               "dedupe",
                                               "keys"};

// Families of older layouts. A writable open drops them; a read-only open leaves them closed.
// `stream_heads` (stream -> version) cost one more memtable insert per append; the head is now
// the newest key of the stream's `streams` index (docs/event-store.md).
const std::vector<std::string> legacy_family_names = {"stream_heads"};

bool is_legacy(const std::string& name) {
  return std::find(legacy_family_names.begin(), legacy_family_names.end(), name)
         != legacy_family_names.end();
}

// Read models named "blob_*" keep their values in blob files (store.hpp: read_model).
const std::string blob_family_prefix = "read_blob_";

// `dedupe` keys: 'e' + 16-byte id or 'k' + idempotency key. 9 bytes of an UUIDv7 id are the
// millisecond and 12 random bits: a few keys per bucket at the memtable's full size.
constexpr size_t dedupe_prefix_bytes = 9;
constexpr size_t dedupe_memtable_buckets = 1 << 19;

rocksdb::ColumnFamilyOptions family_options(const std::string& name,
                                            const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  if (name != "log")
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  if (name == "streams" || name == "snapshots")
    cf.memtable_insert_with_hint_prefix_extractor = std::make_shared<stream_prefix_transform>();
  if (name == "log")
    cf.memtable_insert_with_hint_prefix_extractor = std::make_shared<single_prefix_transform>();
  if (name == "dedupe") {
    cf.compaction_filter = &dedupe_expiry_filter::instance();
    // Event ids arrive in random order within a millisecond, so a skip list pays a search of
    // the memtable for each insert (with insert hints too: ~1 us of the ~4.5 us of CPU per
    // event). A hash table of short lists, keyed by the first bytes of the key, inserts and
    // finds in O(1). Iterating needs `total_order_seek` and sorts the memtable first; only
    // verify and open iterate this family.
    cf.prefix_extractor.reset(rocksdb::NewCappedPrefixTransform(dedupe_prefix_bytes));
    cf.memtable_factory.reset(rocksdb::NewHashLinkListRepFactory(dedupe_memtable_buckets));
    cf.memtable_prefix_bloom_size_ratio = 0.05;
    cf.memtable_whole_key_filtering = true;
  }
  if (name.rfind(blob_family_prefix, 0) == 0) {
    // Large values (images) go to blob files: compactions move 100-byte pointers, not them.
    cf.enable_blob_files = true;
    cf.min_blob_size = 4096;
    cf.enable_blob_garbage_collection = true;
  }
  return cf;
}

} // namespace

rocksdb::ColumnFamilyOptions options_of_new_family(const std::string& family,
                                                  const rocksdb::DB& db) {
  // The block cache every family shares, from a family opened with it.
  auto table = db.GetOptions(db.DefaultColumnFamily()).table_factory;
  const auto* opts = table ? table->GetOptions<rocksdb::BlockBasedTableOptions>() : nullptr;
  return family_options(family, opts ? opts->block_cache : nullptr);
}

namespace {

bool is_lock_error(const rocksdb::Status& st) {
  return st.IsIOError() && st.ToString().find("lock") != std::string::npos;
}

} // namespace

caf::error from_status(const rocksdb::Status& st, const std::string& context) {
  if (st.IsCorruption())
    return make_error(errc::corrupt, context + ": " + st.ToString());
  if (st.IsNotFound())
    return make_error(errc::not_found, context + ": " + st.ToString());
  return make_error(errc::storage, context + ": " + st.ToString());
}

store::store(store_options opts)
  : opts_(std::move(opts)), head_cache_(opts_.cached_stream_heads) {}

store::~store() {
  if (!db_)
    return;
  if (!opts_.read_only && !write_failed())
    db_->FlushWAL(true);
  for (auto* h : handles_)
    db_->DestroyColumnFamilyHandle(h);
  for (auto& [name, h] : read_models_)
    db_->DestroyColumnFamilyHandle(h);
  db_->Close();
}

caf::expected<std::unique_ptr<store>> store::open(store_options opts) {
  if (opts.path.empty())
    return make_error(errc::invalid_argument, "the event store needs a data directory");
  std::unique_ptr<store> s{new store(std::move(opts))};
  if (auto err = s->open_db())
    return err;
  if (auto err = s->load_last_seq())
    return err;
  if (auto err = s->load_newest_event_id())
    return err;
  return s;
}

caf::error store::open_db() {
  auto cache = rocksdb::NewLRUCache(256 << 20);
  rocksdb::DBOptions db_opts;
  db_opts.create_if_missing = !opts_.read_only;
  db_opts.create_missing_column_families = !opts_.read_only;
  db_opts.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  db_opts.max_background_jobs = 2;
  db_opts.paranoid_checks = true;
  // One writer thread, so RocksDB never inserts concurrently anyway; the hash memtable of
  // `dedupe` requires saying so.
  db_opts.allow_concurrent_memtable_write = false;
  if (opts_.env)
    db_opts.env = opts_.env;

  std::vector<std::string> existing;
  rocksdb::DB::ListColumnFamilies(db_opts, opts_.path, &existing);
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (const auto& name : family_names)
    descs.emplace_back(name, family_options(name, cache));
  for (const auto& name : existing)
    if (name.rfind("read_", 0) == 0 || (is_legacy(name) && !opts_.read_only))
      descs.emplace_back(name, family_options(name, cache));

  rocksdb::DB* raw = nullptr;
  rocksdb::Status st;
  if (opts_.read_only) {
    if (existing.empty())
      return make_error(errc::not_found, "no event store at " + opts_.path);
    st = rocksdb::DB::OpenForReadOnly(db_opts, opts_.path, descs, &handles_, &raw);
  } else {
    st = rocksdb::DB::Open(db_opts, opts_.path, descs, &handles_, &raw);
  }
  if (is_lock_error(st))
    return make_error(errc::locked, "the data directory " + opts_.path
                                      + " is in use by another process (" + st.ToString() + ")");
  if (!st.ok())
    return from_status(st, "cannot open the event store at " + opts_.path);
  db_.reset(raw);
  cf_ = {handles_[1], handles_[2], handles_[3], handles_[4], handles_[5], handles_[6]};
  std::vector<rocksdb::ColumnFamilyHandle*> legacy;
  for (size_t i = family_names.size(); i < handles_.size(); ++i) {
    if (is_legacy(handles_[i]->GetName()))
      legacy.push_back(handles_[i]);
    else
      read_models_[handles_[i]->GetName().substr(5)] = handles_[i];
  }
  handles_.resize(family_names.size());
  return drop_families(legacy);
}

caf::error store::drop_families(const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
  for (auto* h : handles) {
    auto name = h->GetName();
    auto st = db_->DropColumnFamily(h);
    db_->DestroyColumnFamilyHandle(h);
    if (!st.ok())
      return from_status(st, "cannot drop the legacy family " + name);
  }
  return {};
}

caf::error store::load_last_seq() {
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator({}, cf_.log)};
  it->SeekToLast();
  if (!it->status().ok())
    return from_status(it->status(), "cannot read the end of the log");
  if (!it->Valid())
    return {};
  if (it->key().size() != 8)
    return make_error(errc::corrupt, "malformed log key of " + std::to_string(it->key().size())
                                       + " bytes at the end of the log");
  last_seq_ = get_u64_be(it->key().ToStringView());
  written_seq_ = last_seq_.load();
  return {};
}

caf::error store::load_newest_event_id() {
  const std::string first = "e", end = "f";
  rocksdb::Slice lower{first};
  rocksdb::Slice upper{end};
  rocksdb::ReadOptions ro;
  ro.iterate_lower_bound = &lower;
  ro.iterate_upper_bound = &upper;
  ro.total_order_seek = true; // `dedupe` has a prefix extractor
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(ro, cf_.dedupe)};
  it->SeekToLast();
  if (!it->status().ok())
    return from_status(it->status(), "cannot read the newest event id");
  if (it->Valid())
    newest_event_id_ = it->key().ToString().substr(1);
  return {};
}

caf::error store::validate(const append_request& req) const {
  if (req.stream_id.empty())
    return make_error(errc::invalid_argument, "stream id is empty");
  if (req.stream_id.size() > opts_.max_stream_id_bytes)
    return make_error(errc::invalid_argument, "stream id is longer than "
                                                + std::to_string(opts_.max_stream_id_bytes)
                                                + " bytes");
  if (req.stream_id.find('\0') != std::string::npos)
    return make_error(errc::invalid_argument, "stream id contains a NUL byte");
  if (req.events.empty())
    return make_error(errc::invalid_argument, "append to " + req.stream_id + " has no events");
  if (req.events.size() > opts_.max_events_per_append)
    return make_error(errc::too_large, "append of " + std::to_string(req.events.size())
                                         + " events is over the limit of "
                                         + std::to_string(opts_.max_events_per_append));
  size_t bytes = 0;
  for (const auto& ev : req.events) {
    if (!ev.event_id.empty() && ev.event_id.size() != 16)
      return make_error(errc::invalid_argument, "event id must be 16 bytes (a UUID)");
    if (ev.type.empty())
      return make_error(errc::invalid_argument, "event type is empty");
    bytes += ev.payload.size();
  }
  if (bytes > opts_.max_append_bytes)
    return make_error(errc::too_large, "append of " + std::to_string(bytes)
                                         + " payload bytes is over the limit of "
                                         + std::to_string(opts_.max_append_bytes));
  return {};
}

caf::error store::flush() {
  if (opts_.read_only || write_failed())
    return {};
  auto st = db_->FlushWAL(true);
  if (st.ok())
    st = db_->Flush(rocksdb::FlushOptions{}, handles_);
  return st.ok() ? caf::error{} : from_status(st, "cannot flush the event store");
}

} // namespace colors::events
