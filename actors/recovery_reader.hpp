#pragma once
// The blocking half of an entity's recovery: RocksDB reads, off the shared CAF scheduler.
//
// DESIGN (section 5) keeps blocking RocksDB calls off the scheduler threads, where they would
// stall every other actor (and put the disk's latency into everyone's tail). A registry owns a
// few reader actors, each on its own thread (`caf::detached`), linked to it. The registry hands a
// reader a recovery when a recovery slot is free; the reader loads the stream's latest snapshot
// and the events after it and sends them to the entity, which decodes and applies them itself
// (aggregate code stays in the entity, the reader knows no aggregate).
//
// Protocol:
//   (recover_atom, std::string stream, caf::actor entity)
//     -> to `entity`: (loaded_atom, recovery_data_ptr)   always exactly one, also on error
// Thread-safety: an actor; `recovery_data` is immutable once sent.
#include "actors/atoms.hpp"
#include "events/store.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/error.hpp>
#include <caf/local_actor.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace colors::actors {

// What a reader found for one stream: the latest snapshot (if any) and the (upcast) events after
// it, or the error that stopped it.
struct recovery_data {
  caf::error error;
  std::optional<events::SnapshotRecord> snapshot;
  std::vector<events::envelope> events;
};

using recovery_data_ptr = std::shared_ptr<const recovery_data>;

// Reads one stream's recovery data from the store `db` returns (null: not open).
recovery_data read_recovery(const std::function<std::shared_ptr<events::store>()>& db,
                            const std::string& stream);

// A reader as a child of `owner` (linked to it). `detached`: on its own thread; false only for
// CAF's deterministic test scheduler, where every actor must run on the scheduler.
caf::actor spawn_recovery_reader(caf::local_actor* owner,
                                 std::function<std::shared_ptr<events::store>()> db,
                                 bool detached);

} // namespace colors::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::actors::recovery_data_ptr)
