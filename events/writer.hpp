#pragma once
// The event-store writer: one detached actor that does group commit.
//
// Protocol:
//   (append_atom, std::string stream, expected_version, std::vector<new_event>) -> append_result
//       replied only after the batch holding it is synced, or with the error that stopped it.
//   (subscribe_atom, caf::actor listener) -> uint64_t last committed sequence; afterwards the
//       listener gets (committed_atom, event_batch) for every later commit, in order.
//   (stats_atom) -> writer_stats
//
// Every append queued while one batch is written goes into the next batch: one WriteBatch,
// written unsynced. The writer's WAL syncer (wal_syncer.hpp) then fsyncs the WAL, covering every
// batch written before the sync started, while the writer goes on with the next batches; after
// the sync the syncer publishes the covered batches and answers them in write order, from its
// own thread (docs/event-store.md, "Pipelined sync").
#include "events/atoms.hpp"
#include "events/store.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <chrono>
#include <memory>

namespace colors::events {

struct writer_stats {
  uint64_t batches = 0;
  uint64_t appends = 0;
  uint64_t events = 0;
  uint64_t failed_appends = 0;
  uint64_t largest_batch = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, writer_stats& x) {
  return f(caf::meta::type_name("writer_stats"), x.batches, x.appends, x.events,
           x.failed_appends, x.largest_batch);
}

struct writer_options {
  // After a failed write, exit with a storage error (the failed batch is answered first) instead
  // of answering `unavailable` from then on: a supervisor can then reopen the store and restart
  // the writer (actors/store_holder.hpp).
  bool stop_on_write_failure = false;
  // How long a batch smaller than the previous one may wait for more appends before its
  // write (writer.cpp, `flush_when_gathered`). Zero (the default): never wait; with the
  // pipelined sync, batches written during a sync share the next one anyway.
  std::chrono::microseconds gather_window{0};
};

caf::actor spawn_writer(caf::actor_system& sys, std::shared_ptr<store> db,
                        writer_options opts = {});

} // namespace colors::events
