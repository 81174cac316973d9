#include "events/verify.hpp"

#include "events/keys.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"
#include "common/log.hpp"

#include <unordered_map>

namespace colors::events {

namespace {

class verifier {
public:
  verifier(const store& db, const verify_options& opts) : db_(db), opts_(opts) {}

  verify_report run() {
    check_log();
    check_index();
    check_heads();
    check_event_ids();
    report_.streams = versions_.size();
    return std::move(report_);
  }

private:
  void problem(std::string text) {
    if (report_.problems.size() < opts_.max_problems)
      report_.problems.push_back(std::move(text));
    ++report_.problem_count;
  }

  // The log in order: gap-free, decodable, versions contiguous per stream, ids indexed.
  void check_log() {
    std::unique_ptr<rocksdb::Iterator> it{db_.raw()->NewIterator({}, db_.log_cf())};
    envelope env;
    uint64_t expected = 1;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (it->key().size() != 8) {
        problem("malformed log key of " + std::to_string(it->key().size()) + " bytes");
        continue;
      }
      auto seq = get_u64_be(it->key().ToStringView());
      if (seq != expected)
        problem("gap in the global sequence: expected " + std::to_string(expected) + ", found "
                + std::to_string(seq));
      expected = seq + 1;
      report_.last_seq = seq;
      ++report_.events;
      if (opts_.progress && report_.events % 100000 == 0)
        opts_.progress(report_.events);
      if (auto err = db_.decode(seq, it->value(), env)) {
        problem(message_of(err));
        continue;
      }
      check_event(env);
    }
    if (!it->status().ok())
      problem("log read failed: " + it->status().ToString());
  }

  void check_event(const envelope& env) {
    auto& version = versions_[env.stream_id()];
    if (env.stream_version() != version + 1)
      problem("stream " + env.stream_id() + " jumps from version " + std::to_string(version)
              + " to " + std::to_string(env.stream_version()) + " at log/"
              + std::to_string(env.global_seq()));
    version = env.stream_version();
    expect_points_to(db_.streams_cf(), keys::stream_entry(env.stream_id(), env.stream_version()),
                     env.global_seq(),
                     "streams/" + env.stream_id() + "/" + std::to_string(env.stream_version()));
    expect_points_to(db_.dedupe_cf(), keys::event_id(env.event_id()), env.global_seq(),
                     "dedupe/e" + uuid_to_string(env.event_id()));
  }

  void expect_points_to(rocksdb::ColumnFamilyHandle* cf, const std::string& key, uint64_t seq,
                        const std::string& name) {
    std::string value;
    auto st = db_.raw()->Get({}, cf, key, &value);
    if (!st.ok())
      problem(name + " is missing for log/" + std::to_string(seq));
    else if (value.size() != 8 || get_u64_be(value) != seq)
      problem(name + " does not point to log/" + std::to_string(seq));
  }

  // Every index entry belongs to an event that the log has (no dangling entries).
  void check_index() {
    std::unique_ptr<rocksdb::Iterator> it{db_.raw()->NewIterator({}, db_.streams_cf())};
    uint64_t entries = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++entries;
      std::string_view stream;
      uint64_t version = 0;
      if (!keys::split_stream_entry(it->key().ToStringView(), stream, version)) {
        problem("malformed streams key");
        continue;
      }
      auto known = versions_.find(std::string{stream});
      if (known == versions_.end() || version > known->second)
        problem("streams/" + std::string{stream} + "/" + std::to_string(version)
                + " has no event in the log");
    }
    if (entries != report_.events)
      problem("the stream index has " + std::to_string(entries) + " entries, the log "
              + std::to_string(report_.events) + " events");
  }

  // A stream's head is the newest entry of its index (there is no separate head record): it
  // must be the log's last version of that stream, as the writer reads it after a restart.
  void check_heads() {
    for (const auto& [stream, version] : versions_) {
      auto head = db_.stream_version(stream);
      if (!head)
        problem("the head of stream " + stream + " cannot be read: " + message_of(head.error()));
      else if (*head != version)
        problem("the index says stream " + stream + " is at version " + std::to_string(*head)
                + ", the log " + std::to_string(version));
    }
  }

  // Every event-id entry points to an event of the log that carries that id.
  void check_event_ids() {
    rocksdb::ReadOptions ro;
    ro.total_order_seek = true; // `dedupe` has a prefix extractor: walk all keys, not one prefix
    std::unique_ptr<rocksdb::Iterator> it{db_.raw()->NewIterator(ro, db_.dedupe_cf())};
    uint64_t ids = 0;
    std::string bytes;
    envelope env;
    for (it->Seek("e"); it->Valid() && it->key().starts_with("e"); it->Next()) {
      ++ids;
      auto id = it->key().ToString().substr(1);
      auto seq = it->value().size() == 8 ? get_u64_be(it->value().ToStringView()) : 0;
      if (seq == 0 || seq > report_.last_seq
          || !db_.raw()->Get({}, db_.log_cf(), keys::log(seq), &bytes).ok()
          || db_.decode(seq, bytes, env) || env.event_id() != id)
        problem("dedupe/e" + uuid_to_string(id) + " does not point to its event");
    }
    if (ids != report_.events)
      problem(std::to_string(ids) + " event ids indexed for " + std::to_string(report_.events)
              + " events");
  }

  const store& db_;
  const verify_options& opts_;
  verify_report report_;
  std::unordered_map<std::string, uint64_t> versions_;
};

} // namespace

verify_report verify_store(const store& db, const verify_options& opts) {
  return verifier{db, opts}.run();
}

std::string to_json(const verify_report& report) {
  std::string out = "{\"ok\":" + std::string{report.ok() ? "true" : "false"}
                    + ",\"events\":" + std::to_string(report.events)
                    + ",\"streams\":" + std::to_string(report.streams)
                    + ",\"last_seq\":" + std::to_string(report.last_seq)
                    + ",\"problem_count\":" + std::to_string(report.problem_count)
                    + ",\"problems\":[";
  for (size_t i = 0; i < report.problems.size(); ++i)
    out += (i ? ",\"" : "\"") + json_escape(report.problems[i]) + '"';
  return out + "]}";
}

} // namespace colors::events
