#pragma once
// The one internal error enum. Every failure that crosses a module or actor boundary is a
// caf::error of category "colors" carrying one of these codes and a human-readable message.
#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/message.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace colors {

enum class errc : uint8_t {
  invalid_argument = 1, // the caller sent something malformed; nothing changed
  not_found,            // the thing asked for does not exist (distinct from failure)
  conflict,             // optimistic concurrency: expected version is stale
  too_large,            // over a configured size limit
  storage,              // the disk or RocksDB failed
  corrupt,              // stored bytes do not decode
  unavailable,          // a component is down or restarting
  overloaded,           // a bounded queue is full
  timeout,              // no answer in time
  duplicate,            // an id that must be unique was reused inconsistently
  locked,               // another process holds the resource
  unauthenticated,      // no valid credentials (missing, expired or bad token)
  forbidden,            // authenticated, but not allowed to do this
  rate_limited,         // too many requests from one user or address; retry later
};

constexpr caf::atom_value error_category = caf::atom("colors");

const char* to_string(errc code);

// Builds an error with a message a person can read.
[[nodiscard]] caf::error make_error(errc code, std::string message);

// A conflict error also carries the stream's current version.
[[nodiscard]] caf::error make_conflict(std::string message, uint64_t current_version);

// The code of an error of our category, nullopt for foreign errors.
std::optional<errc> code_of(const caf::error& err);

// The human-readable message of an error (ours or CAF's).
std::string message_of(const caf::error& err);

// The current version carried by a conflict error.
std::optional<uint64_t> current_version_of(const caf::error& err);

} // namespace colors
