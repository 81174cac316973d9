// colctl export: the log (or one stream) as NDJSON, streamed in chunks.
#include "tools/command.hpp"
#include "tools/render.hpp"

#include "common/errc.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

namespace colors::tools {

namespace {

constexpr size_t chunk_size = 1000;

const flag_spec export_flags[] = {
  {"data-dir", "DIR", "the event store's data directory", true},
  {"stream", "ID", "only the events of this stream"},
  {"from", "SEQ", "first global sequence to export (default 1)"},
  {"to", "SEQ", "last global sequence to export (default: the end)"},
  {"out", "FILE", "write to FILE instead of stdout"},
};

struct range {
  uint64_t from = 1;
  uint64_t to = std::numeric_limits<uint64_t>::max();
};

// Buffered line output to stdout or a file; errors are checked once, at the end.
class line_sink {
public:
  caf::error open(const std::optional<std::string>& path) {
    if (!path) {
      file_ = stdout;
      return {};
    }
    path_ = *path;
    file_ = std::fopen(path->c_str(), "w");
    if (!file_)
      return make_error(errc::storage, "cannot write " + *path + ": " + std::strerror(errno));
    return {};
  }

  void write(const std::string& line) {
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fputc('\n', file_);
    ++lines_;
  }

  caf::error close() {
    bool failed = std::ferror(file_) != 0;
    failed |= (file_ == stdout ? std::fflush(file_) : std::fclose(file_)) != 0;
    file_ = nullptr;
    if (failed)
      return make_error(errc::storage, "writing " + (path_.empty() ? "stdout" : path_)
                                         + " failed: " + std::strerror(errno));
    return {};
  }

  uint64_t lines() const { return lines_; }

private:
  std::FILE* file_ = nullptr;
  std::string path_;
  uint64_t lines_ = 0;
};

caf::error export_log(const events::store& db, range r, line_sink& out) {
  auto cursor = db.scan(r.from);
  events::envelope env;
  while (cursor.next(env) && env.global_seq() <= r.to)
    out.write(envelope_json(env));
  return cursor.error();
}

// Versions grow with the global sequence, so the stream is read in order and cut off at `to`.
caf::error export_stream(const events::store& db, const std::string& stream, range r,
                         line_sink& out) {
  uint64_t version = 1;
  for (;;) {
    auto chunk = db.read_stream(stream, version, chunk_size);
    if (!chunk)
      return chunk.error();
    for (const auto& env : *chunk) {
      if (env.global_seq() > r.to)
        return {};
      if (env.global_seq() >= r.from)
        out.write(envelope_json(env));
    }
    if (chunk->size() < chunk_size)
      return {};
    version = chunk->back().stream_version() + 1;
  }
}

caf::expected<range> parse_range(const parsed_flags& f) {
  range r;
  auto from = f.get_u64("from", 1);
  if (!from)
    return from.error();
  auto to = f.get_u64("to", r.to);
  if (!to)
    return to.error();
  if (*from > *to)
    return make_error(errc::invalid_argument, "--from is after --to");
  return range{*from, *to};
}

int run_export(const parsed_flags& f) {
  auto r = parse_range(f);
  if (!r) {
    print_error(message_of(r.error()));
    return exit_usage;
  }
  auto db = open_store(f);
  if (!db) {
    print_error(message_of(db.error()));
    return exit_usage;
  }
  line_sink out;
  if (auto err = out.open(f.get("out"))) {
    print_error(message_of(err));
    return exit_usage;
  }
  auto stream = f.get("stream");
  auto err = stream ? export_stream(**db, *stream, *r, out) : export_log(**db, *r, out);
  auto close_err = out.close();
  if (err || close_err) {
    print_error(message_of(err ? err : close_err));
    return exit_failed;
  }
  return exit_ok;
}

} // namespace

const command& export_command() {
  static const command cmd{
    "export",
    "write events as NDJSON, one JSON object per line",
    "--data-dir DIR [--stream ID] [--from SEQ] [--to SEQ] [--out FILE]",
    "Each line holds the envelope (global_seq, stream_id, stream_version, event_id, type,\n"
    "schema_version, occurred_at, correlation_id, causation_id) and the payload as JSON when its\n"
    "type is a known Protobuf message, otherwise payload_base64. --from/--to are global\n"
    "sequences (inclusive), also with --stream. Safe beside a running server (read-only).\n",
    export_flags,
    run_export,
  };
  return cmd;
}

} // namespace colors::tools
