#pragma once
// Per-user data keys in the `keys` column family, stored only wrapped (common/aead.hpp).
// Deleting one is crypto-shredding: the user's sealed personal fields, in the log, snapshots,
// read models and backups alike, can no longer be opened.
//
// `shred` deletes the key, flushes every memtable (so the WAL that held the wrapped key is
// retired) and compacts the keys family (so no older table file keeps it).
//
// Thread-safety: every member may be called from any thread (RocksDB is thread-safe). Calls
// block on disk: never from CAF scheduler threads in a hot path.
#include "events/store.hpp"

#include <caf/expected.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace colors::events {

class data_keys {
public:
  // `db` returns the current store (it may be reopened after a failed write).
  explicit data_keys(std::function<std::shared_ptr<store>()> db) : db_(std::move(db)) {}

  // Stores a wrapped key, synced. Errors: duplicate when the user already has one.
  [[nodiscard]] caf::error put(const std::string& user_id, const std::string& wrapped);
  // nullopt when the user has none (never had, or shredded).
  [[nodiscard]] caf::expected<std::optional<std::string>> get(const std::string& user_id) const;
  // Deletes the key for good (see above).
  [[nodiscard]] caf::error shred(const std::string& user_id);

private:
  [[nodiscard]] caf::expected<std::shared_ptr<store>> open_store() const;

  std::function<std::shared_ptr<store>()> db_;
};

} // namespace colors::events
