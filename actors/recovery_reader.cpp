#include "actors/recovery_reader.hpp"

#include "common/errc.hpp"

#include <caf/all.hpp>

namespace colors::actors {

namespace {

using db_fn = std::function<std::shared_ptr<events::store>()>;

// Appends every event of `stream` from `from` on; reads in pages so one call stays bounded.
caf::error read_events(const events::store& db, const std::string& stream, uint64_t from,
                       std::vector<events::envelope>& out) {
  constexpr size_t page = 1024;
  for (;;) {
    auto batch = db.read_stream(stream, from, page);
    if (!batch)
      return batch.error();
    for (auto& env : *batch)
      out.push_back(std::move(env));
    if (batch->size() < page)
      return {};
    from = out.back().stream_version() + 1;
  }
}

caf::behavior reader(caf::event_based_actor*, db_fn db) {
  return {
    [db](recover_atom, const std::string& stream, const caf::actor& entity) {
      auto data = std::make_shared<recovery_data>(read_recovery(db, stream));
      caf::anon_send(entity, loaded_atom::value, recovery_data_ptr{std::move(data)});
    },
  };
}

} // namespace

recovery_data read_recovery(const db_fn& db_of, const std::string& stream) {
  recovery_data out;
  auto db = db_of();
  if (!db) {
    out.error = make_error(errc::unavailable, "the event store is not open");
    return out;
  }
  auto snap = db->load_snapshot(stream);
  if (!snap) {
    out.error = snap.error();
    return out;
  }
  out.snapshot = std::move(*snap);
  uint64_t from = out.snapshot ? out.snapshot->stream_version() + 1 : 1;
  out.error = read_events(*db, stream, from, out.events);
  return out;
}

caf::actor spawn_recovery_reader(caf::local_actor* owner, db_fn db, bool detached) {
  if (detached)
    return owner->spawn<caf::detached + caf::linked>(reader, std::move(db));
  return owner->spawn<caf::linked>(reader, std::move(db));
}

} // namespace colors::actors
