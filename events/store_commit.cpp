// The write path: one call per group commit, on the writer thread only.
#include "events/store.hpp"

#include "events/keys.hpp"
#include "common/clock.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"

#include <deque>
#include <string_view>
#include <unordered_set>

namespace colors::events {

// Builds one WriteBatch out of many appends, with in-batch views of stream heads and event
// ids so that appends to the same stream in one batch see each other.
class store::commit_pass {
public:
  explicit commit_pass(store& s) : s_(s), next_seq_(s.written_seq() + 1), now_(unix_millis()) {}

  caf::expected<append_result> add(append_request& req) {
    if (auto dup = find_duplicate(req))
      return *dup;
    if (auto err = check_ids_are_new(req))
      return err;
    auto head = current_head(req.stream_id);
    if (!head)
      return head.error();
    if (!req.expected.matches(*head))
      return make_conflict("stream " + req.stream_id + " is at version " + std::to_string(*head)
                             + ", the append expected " + req.expected.describe(),
                           *head);
    return write_events(req, *head);
  }

  caf::error write(wal_sync sync) {
    if (written_.empty())
      return {};
    rocksdb::WriteOptions wo;
    wo.sync = s_.opts_.sync && sync == wal_sync::in_write;
    auto st = s_.db_->Write(wo, &batch_);
    return st.ok() ? caf::error{} : from_status(st, "the event log write failed");
  }

  // After a successful write: the writer's view (heads, newest id, written end of the log)
  // moves on at once; readers see the new events once they are synced (`in_write`: now).
  void publish(wal_sync sync) {
    for (auto& [stream, version] : heads_)
      s_.head_cache_.put(stream, version);
    if (newest_id_ > s_.newest_event_id_)
      s_.newest_event_id_ = std::string{newest_id_};
    if (written_.empty())
      return;
    s_.written_seq_.store(next_seq_ - 1, std::memory_order_release);
    if (sync == wal_sync::in_write)
      s_.last_seq_.store(next_seq_ - 1, std::memory_order_release);
  }

  std::vector<envelope> take_written() { return std::move(written_); }

private:
  struct position {
    uint64_t seq;
    uint64_t version;
    std::string_view stream; // a request's stream id, or a stored envelope's (kept in `found_`)
  };

  // Where an event id already lives: in this batch or in the store.
  caf::expected<std::optional<position>> lookup_id(const std::string& id) {
    if (id.empty())
      return std::optional<position>{};
    if (auto it = ids_.find(id); it != ids_.end())
      return std::optional<position>{it->second};
    // Ids only ever grow the index, so one beyond the newest stored id is new: no lookup.
    // Time-ordered ids (UUIDv7) mostly are; the others take the Get below.
    if (id > std::string_view{s_.newest_event_id_})
      return std::optional<position>{};
    std::string value;
    auto st = s_.db_->Get({}, s_.cf_.dedupe, keys::event_id(id), &value);
    if (st.IsNotFound())
      return std::optional<position>{};
    if (!st.ok())
      return from_status(st, "cannot look up event id " + uuid_to_string(id));
    if (value.size() != 8)
      return make_error(errc::corrupt, "dedupe/e" + uuid_to_string(id) + " is not a sequence");
    auto& env = found_.emplace_back();
    auto seq = get_u64_be(value);
    std::string bytes;
    st = s_.db_->Get({}, s_.cf_.log, keys::log(seq), &bytes);
    if (!st.ok())
      return from_status(st, "event id " + uuid_to_string(id) + " points to log/"
                               + std::to_string(seq));
    if (auto err = s_.decode(seq, bytes, env))
      return err;
    return std::optional<position>{position{seq, env.stream_version(), env.stream_id()}};
  }

  // A re-append of events already stored returns their original positions. Every id must be
  // stored, in this stream, at consecutive versions: anything else is a different append.
  std::optional<caf::expected<append_result>> find_duplicate(append_request& req) {
    auto first = lookup_id(req.events.front().event_id);
    if (!first)
      return caf::expected<append_result>{first.error()};
    if (!*first)
      return std::nullopt;
    auto mismatch = make_error(errc::duplicate,
                               "event id " + uuid_to_string(req.events.front().event_id)
                                 + " is already stored in stream " + std::string{(*first)->stream}
                                 + " as part of a different append");
    if ((*first)->stream != req.stream_id)
      return caf::expected<append_result>{mismatch};
    position last = **first;
    for (size_t i = 1; i < req.events.size(); ++i) {
      auto next = lookup_id(req.events[i].event_id);
      if (!next)
        return caf::expected<append_result>{next.error()};
      if (!*next || (*next)->stream != req.stream_id || (*next)->version != last.version + 1)
        return caf::expected<append_result>{mismatch};
      last = **next;
    }
    return caf::expected<append_result>{
      append_result{(*first)->seq, last.seq, (*first)->version, last.version, true}};
  }

  caf::error check_ids_are_new(append_request& req) {
    std::unordered_set<std::string_view> in_request; // allocates only for appends of 2+ events
    for (size_t i = 0; i < req.events.size(); ++i) {
      auto& id = req.events[i].event_id;
      if (id.empty()) {
        id = new_uuid();
        continue;
      }
      if (req.events.size() > 1 && !in_request.insert(id).second)
        return make_error(errc::invalid_argument,
                          "event id " + uuid_to_string(id) + " appears twice in one append");
      if (i == 0)
        continue; // find_duplicate already looked it up
      auto found = lookup_id(id);
      if (!found)
        return found.error();
      if (*found)
        return make_error(errc::duplicate, "event id " + uuid_to_string(id)
                                             + " is already stored in stream "
                                             + std::string{(*found)->stream});
    }
    return {};
  }

  caf::expected<uint64_t> current_head(std::string_view stream) {
    if (auto it = heads_.find(stream); it != heads_.end())
      return it->second;
    return s_.head_for_commit(stream);
  }

  append_result write_events(append_request& req, uint64_t head) {
    append_result res{next_seq_, 0, head + 1, 0, false};
    for (auto& ev : req.events) {
      auto& env = written_.emplace_back();
      fill_envelope(env, req.stream_id, ++head, ev);
      put_event(req.stream_id, head, ev.event_id, env);
      ids_[ev.event_id] = position{next_seq_, head, req.stream_id};
      if (ev.event_id > newest_id_)
        newest_id_ = ev.event_id;
      ++next_seq_;
    }
    heads_[req.stream_id] = head;
    res.last_seq = next_seq_ - 1;
    res.last_version = head;
    return res;
  }

  // The event id stays in the request: `ids_` and `newest_id_` are views of it.
  void fill_envelope(envelope& env, const std::string& stream, uint64_t version, new_event& ev) {
    env.set_global_seq(next_seq_);
    env.set_stream_id(stream);
    env.set_stream_version(version);
    env.set_event_id(ev.event_id);
    env.set_type(std::move(ev.type));
    env.set_schema_version(ev.schema_version);
    env.set_occurred_at(now_);
    if (!ev.correlation_id.empty())
      env.set_correlation_id(std::move(ev.correlation_id));
    if (!ev.causation_id.empty())
      env.set_causation_id(std::move(ev.causation_id));
    env.set_payload(std::move(ev.payload));
  }

  // The record and its two index entries, in one batch. Buffers are reused across events.
  void put_event(const std::string& stream, uint64_t version, const std::string& id,
                 const envelope& env) {
    env.SerializeToString(&record_);
    seq_key_.clear();
    put_u64_be(seq_key_, next_seq_);
    index_key_.assign(stream);
    index_key_.push_back('\0');
    put_u64_be(index_key_, version);
    id_key_.assign(1, 'e');
    id_key_.append(id);
    batch_.Put(s_.cf_.log, seq_key_, record_);
    batch_.Put(s_.cf_.streams, index_key_, seq_key_);
    batch_.Put(s_.cf_.dedupe, id_key_, seq_key_);
  }

  store& s_;
  rocksdb::WriteBatch batch_;
  uint64_t next_seq_;
  int64_t now_;
  // Views of the requests' strings, which outlive the pass (commit's argument).
  std::unordered_map<std::string_view, uint64_t> heads_;
  std::unordered_map<std::string_view, position> ids_;
  std::string_view newest_id_;
  std::vector<envelope> written_;
  std::deque<envelope> found_; // stored envelopes of looked-up ids: positions view their streams
  std::string record_, seq_key_, index_key_, id_key_;
};

// The cache is filled only after a successful write, so it never runs ahead of the index (the
// writer reads the index with its unsynced entries: `stream_version` would hide them).
caf::expected<uint64_t> store::head_for_commit(std::string_view stream) {
  if (auto head = head_cache_.find(stream))
    return *head;
  return newest_version(std::string{stream}, UINT64_MAX);
}

commit_outcome store::commit(std::vector<append_request>& requests, wal_sync sync) {
  commit_outcome out;
  out.results.reserve(requests.size());
  if (write_failed()) {
    auto refused = make_error(errc::unavailable,
                              "the event store stopped accepting writes after a failed write ("
                                + message_of(write_failure()) + "); it must be reopened");
    out.results.assign(requests.size(), refused);
    return out;
  }
  commit_pass pass{*this};
  for (auto& req : requests) {
    if (auto err = validate(req))
      out.results.emplace_back(std::move(err));
    else
      out.results.emplace_back(pass.add(req));
  }
  if (auto err = pass.write(sync)) {
    // After a failed WAL write RocksDB cannot tell what reached the disk: refuse further
    // writes until the store is reopened (recovery then finds exactly the synced batches).
    refuse_writes(err);
    // Fail every append of this batch, including re-appends that matched an unsynced event.
    for (auto& res : out.results)
      if (res && !repeats_durable_events(*res, last_seq()))
        res = err;
    return out;
  }
  pass.publish(sync);
  out.written = pass.take_written();
  return out;
}

caf::error store::sync_wal() {
  auto st = db_->SyncWAL();
  return st.ok() ? caf::error{} : from_status(st, "the WAL sync failed");
}

void store::publish_synced(uint64_t seq) {
  if (seq > last_seq())
    last_seq_.store(std::min(seq, written_seq()), std::memory_order_release);
}

void store::refuse_writes(caf::error cause) {
  std::lock_guard<std::mutex> guard{write_failure_mutex_};
  if (!write_failure_)
    write_failure_ = std::move(cause);
  writes_refused_.store(true, std::memory_order_release);
}

caf::error store::write_failure() const {
  std::lock_guard<std::mutex> guard{write_failure_mutex_};
  return write_failure_;
}

} // namespace colors::events
