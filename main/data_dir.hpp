#pragma once
// The server's data directory: created when missing, and checked for another live owner before
// the event store opens it. Safe from any thread (no shared state).
#include <caf/error.hpp>

#include <string>

namespace colors::app {

// Creates the directory (and parents) if it does not exist.
[[nodiscard]] caf::error ensure_data_dir(const std::string& dir);

// errc::locked, naming the dir and the owner's pid, when another process holds the event store's
// lock. Only reads: opening RocksDB on a held directory would already rotate the owner's info
// log. Advisory: the store's own open still decides. Call it before this process opens the
// store: closing the probe's descriptor would drop a lock this process holds on the file.
[[nodiscard]] caf::error check_not_in_use(const std::string& dir);

} // namespace colors::app
