#pragma once
// The catalog read model on disk: loading it at start-up, the feed that keeps it current (a log
// feed whose sink applies each batch and writes the changed records with the checkpoint in one
// synced batch), and the rebuild from the log (`colctl rebuild catalog`).
#include "projections/catalog.hpp"
#include "projections/live_feed.hpp"

#include "events/store.hpp"

#include <functional>

namespace colors::projections {

inline constexpr const char* catalog_projection = "catalog";

// Reads every stored record and the checkpoint into `model` (which must be new).
[[nodiscard]] caf::error load_catalog(events::store& db, catalog& model);

// The feed ("catalog") that applies the log to `model` and stores it.
actors::child_spec catalog_feed_child(std::shared_ptr<actors::store_holder> holder,
                                      caf::actor writer, std::shared_ptr<catalog> model);

// Replays the whole log into a new model and replaces the stored one with it in one batch.
// `progress(done, total)` is called every few thousand events. Returns the events replayed.
using rebuild_progress = std::function<void(uint64_t done, uint64_t total)>;
[[nodiscard]] caf::expected<uint64_t> rebuild_catalog(events::store& db, rebuild_progress progress);

} // namespace colors::projections
