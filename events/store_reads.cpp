// The read path: safe from any thread, never blocks the writer.
#include "events/store.hpp"

#include "events/keys.hpp"
#include "common/errc.hpp"

namespace colors::events {

caf::error store::decode(uint64_t seq, const rocksdb::Slice& bytes, envelope& out) const {
  if (!out.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return make_error(errc::corrupt, "corrupt event record at log/" + std::to_string(seq)
                                       + " (" + std::to_string(bytes.size())
                                       + " bytes do not decode as an EventEnvelope)");
  if (out.global_seq() != seq)
    return make_error(errc::corrupt, "corrupt event record at log/" + std::to_string(seq)
                                       + " (it says it is event "
                                       + std::to_string(out.global_seq()) + ")");
  if (opts_.upcasters)
    return opts_.upcasters->upcast(out);
  return {};
}

caf::expected<uint64_t> store::stream_version(const std::string& stream) const {
  return newest_version(stream, last_seq());
}

// The head is the newest index entry of the stream at or below `max_seq`: one reverse seek
// within its prefix (then a step back per unsynced entry, when readers ask during a sync).
caf::expected<uint64_t> store::newest_version(const std::string& stream, uint64_t max_seq) const {
  auto first = keys::stream_prefix(stream);
  auto end = keys::stream_end(stream);
  rocksdb::Slice lower{first};
  rocksdb::Slice upper{end};
  rocksdb::ReadOptions ro;
  ro.iterate_lower_bound = &lower;
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(ro, cf_.streams)};
  for (it->SeekToLast(); it->Valid(); it->Prev()) {
    std::string_view name;
    uint64_t version = 0;
    if (!keys::split_stream_entry(it->key().ToStringView(), name, version) || name != stream
        || it->value().size() != 8)
      return make_error(errc::corrupt, "malformed index entry at the end of streams/" + stream);
    if (get_u64_be(it->value().ToStringView()) <= max_seq)
      return version;
  }
  if (!it->status().ok())
    return from_status(it->status(), "cannot read the head of stream " + stream);
  return uint64_t{0};
}

caf::expected<std::vector<envelope>> store::read_stream(const std::string& stream,
                                                        uint64_t from_version, size_t max) const {
  std::vector<envelope> out;
  auto end = keys::stream_end(stream);
  rocksdb::Slice upper{end};
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(ro, cf_.streams)};
  std::string bytes;
  auto readable = last_seq(); // a stream's seqs grow with its versions: stop at the first beyond
  for (it->Seek(keys::stream_entry(stream, std::max<uint64_t>(from_version, 1)));
       it->Valid() && out.size() < max; it->Next()) {
    if (it->value().size() != 8)
      return make_error(errc::corrupt, "corrupt index entry in streams/" + stream);
    auto seq = get_u64_be(it->value().ToStringView());
    if (seq > readable)
      break;
    auto st = db_->Get({}, cf_.log, keys::log(seq), &bytes);
    if (!st.ok())
      return from_status(st, "stream " + stream + " points to log/" + std::to_string(seq));
    if (auto err = decode(seq, bytes, out.emplace_back()))
      return err;
  }
  if (!it->status().ok())
    return from_status(it->status(), "cannot read stream " + stream);
  return out;
}

caf::expected<std::vector<envelope>> store::read_all(uint64_t from_seq, size_t max) const {
  std::vector<envelope> out;
  auto cursor = scan(from_seq);
  envelope env;
  while (out.size() < max && cursor.next(env))
    out.push_back(std::move(env));
  if (cursor.error())
    return cursor.error();
  return out;
}

log_cursor store::scan(uint64_t from_seq) const { return log_cursor{*this, from_seq}; }

log_cursor::log_cursor(const store& s, uint64_t from_seq)
  : store_(&s), end_(s.last_seq()), it_(s.raw()->NewIterator({}, s.log_cf())) {
  it_->Seek(keys::log(std::max<uint64_t>(from_seq, 1)));
}

bool log_cursor::next(envelope& out) {
  if (error_)
    return false;
  if (!first_)
    it_->Next();
  first_ = false;
  if (!it_->Valid()) {
    if (!it_->status().ok())
      error_ = from_status(it_->status(), "cannot read the log");
    return false;
  }
  if (it_->key().size() != 8) {
    error_ = make_error(errc::corrupt, "malformed log key of " + std::to_string(it_->key().size())
                                         + " bytes");
    return false;
  }
  auto seq = get_u64_be(it_->key().ToStringView());
  if (seq > end_)
    return false; // written, not yet synced
  error_ = store_->decode(seq, it_->value(), out);
  return !error_;
}

} // namespace colors::events
