#pragma once
// The process's one event store, reopenable. After a failed write the store refuses writes until
// it is reopened, so the writer's factory reopens it before starting a new writer.
//
// Thread-safety: every member may be called from any thread. Readers take `current()` for the
// duration of one operation; a reopen succeeds only once the old store's last reference is gone
// (RocksDB's directory lock), otherwise it fails and the supervisor retries after its backoff.
#include "actors/supervisor.hpp"
#include "events/store.hpp"
#include "events/writer.hpp"

#include <caf/expected.hpp>

#include <memory>
#include <mutex>

namespace colors::actors {

class store_holder {
public:
  explicit store_holder(events::store_options opts);
  // Starts from a store that is already open (with `opts` it was opened with).
  store_holder(events::store_options opts, std::shared_ptr<events::store> open);

  // Opens the store, or reopens it when the current one refuses writes.
  [[nodiscard]] caf::expected<std::shared_ptr<events::store>> writable();

  // The open store, or null while none is open.
  std::shared_ptr<events::store> current() const;

  // Drops the holder's reference (clean shutdown).
  std::shared_ptr<events::store> release();

private:
  mutable std::mutex mutex_;
  events::store_options opts_;
  std::shared_ptr<events::store> db_;
};

// The event-store writer as a supervised child: each start gets a writable store and a writer
// that exits on a failed write.
child_spec writer_child(std::shared_ptr<store_holder> holder);

} // namespace colors::actors
