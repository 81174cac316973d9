#pragma once
// Key-value access to one blob-enabled read-model family ("read_blob_<name>", see
// store.hpp: read_model) for large values such as images. Writes are one WriteBatch, synced
// by default: once `write` returns, the values survive a crash or kill -9.
//
// Thread-safety: every member may be called from any thread (RocksDB is thread-safe). Calls
// block on disk: never call them from CAF scheduler threads or HTTP I/O threads.
#include "events/store.hpp"

#include <caf/expected.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace colors::events {

class blob_family {
public:
  // `db` returns the current store (it may be reopened after a failed write); `name` without
  // the "blob_" prefix.
  blob_family(std::function<std::shared_ptr<store>()> db, std::string name);

  // Puts every key-value pair in one batch, synced unless `sync` is false. An unsynced batch is
  // in the store's one WAL ahead of every later write, so the next synced write to the store
  // (any family, the event log included) makes it durable too.
  [[nodiscard]] caf::error write(const std::vector<std::pair<std::string, std::string>>& puts,
                                 bool sync = true);

  // nullopt when the key is absent (distinct from a failure).
  [[nodiscard]] caf::expected<std::optional<std::string>> get(const std::string& key) const;

private:
  [[nodiscard]] caf::expected<std::pair<std::shared_ptr<store>, rocksdb::ColumnFamilyHandle*>>
  family() const;

  std::function<std::shared_ptr<store>()> db_;
  std::string family_name_;
};

} // namespace colors::events
