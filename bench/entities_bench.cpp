// make bench ONLY=entities
//   entity_commands: ENTITIES (default 10,000) counter entities, 64 concurrent clients each
//     sending commands that persist one event, through the registry; commands/s and p99 latency.
//     Baseline: the event store's raw append_durable (64 clients appending one event each
//     straight to the writer), measured in the same run.
//   entity_activation: ACTIVATIONS (default 1,000,000) distinct entities, each stored as a
//     snapshot (at version 5) plus 5 later events, activated once each by a query, at most
//     MAX_ACTIVE (default 100,000) active. The driver is closed-loop: ACTIVATION_CLIENTS
//     (default 64) clients, each activating the next entity only after its previous reply, so
//     the latency is what one activation costs under that concurrency, not an open-loop queue.
//     Figures: activations/s; p99 activation latency (with 64 clients it is at least
//     64 / throughput by Little's law); a second, low-concurrency p99 (PROBE_CLIENTS, default 2,
//     about one per core, on PROBE_ACTIVATIONS further entities, default 20,000), which is the
//     latency of an activation itself; and memory per active entity: malloc's bytes in use when
//     the first MAX_ACTIVE entities are active (before any passivation) minus before the first
//     activation, less the growth of RocksDB's block cache (bounded by config, 256 MiB) and of
//     its table readers (index and filter blocks of the SST files touched), divided by
//     MAX_ACTIVE. The aggregate's state is a uint64 inside the actor, so this is all overhead.
//     stderr also shows the RSS difference for comparison.
//     Baseline: the same number of direct load_snapshot + read_stream recoveries from one
//     thread, no actors.
// Knobs: BENCH_SECONDS (default 10), ENTITIES, ACTIVATIONS, MAX_ACTIVE, ACTIVATION_CLIENTS,
// PROBE_CLIENTS, PROBE_ACTIVATIONS.
#include "actors/registry.hpp"
#include "bench/bench_util.hpp"
#include "domain/counter.hpp"
#include "events/client.hpp"
#include "events/keys.hpp"
#include "events/store.hpp"
#include "events/writer.hpp"

#include <caf/all.hpp>
#include <rocksdb/db.h>

#include <atomic>
#include <fstream>
#include <latch>
#include <mutex>
#include <random>

#include <malloc.h>

using namespace colors;
using namespace colors::actors;
using clock_type = std::chrono::steady_clock;
using counter_agg = domain::counter::aggregate;

namespace {

constexpr int clients = 64; // of entity_commands and its baseline

struct rate {
  double per_second = 0;
  double p99_ms = 0;
};

// What all clients of one run share.
struct client_run {
  clock_type::time_point deadline;
  std::atomic<uint64_t> done{0};
  std::mutex mutex;
  std::vector<double> latencies;
  std::latch finished;
  uint64_t cap = 0;                    // activation run: the registry's max_active
  std::function<void()> at_cap;        // activation run: called when `cap` are done
  explicit client_run(int n) : finished{n} {}
};

struct client_state {
  std::vector<double> latencies;
  std::minstd_rand rng;
  static inline const char* name = "bench-client";
};

using pump_atom = events::pump_atom;

void finish(caf::stateful_actor<client_state>* self, client_run* run) {
  std::lock_guard<std::mutex> guard{run->mutex};
  auto& mine = self->state.latencies;
  run->latencies.insert(run->latencies.end(), mine.begin(), mine.end());
  run->finished.count_down();
  self->quit();
}

using client_actor = caf::stateful_actor<client_state>;

[[noreturn]] void fail(caf::error& err) {
  std::fprintf(stderr, "request failed: %s\n", message_of(err).c_str());
  std::abort();
}

// Sends one request and calls `done` with its reply.
using request_fn = std::function<void(client_actor*, const caf::actor&, std::function<void()>)>;

// Sends one request at a time until the deadline.
caf::behavior client(client_actor* self, caf::actor dest, client_run* run, int index,
                     request_fn next) {
  self->state.rng.seed(index + 1);
  self->send(self, pump_atom::value);
  return {
    [=](pump_atom) {
      if (clock_type::now() >= run->deadline) {
        finish(self, run);
        return;
      }
      auto t0 = clock_type::now();
      next(self, dest, [=] {
        ++run->done;
        self->state.latencies.push_back(bench::seconds_since(t0) * 1000);
        self->send(self, pump_atom::value);
      });
    },
  };
}

double rss_bytes() {
  std::ifstream statm{"/proc/self/statm"};
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

// Activates the next not yet activated entity, one at a time, until all are done.
caf::behavior activator(client_actor* self, caf::actor reg, client_run* run,
                        std::shared_ptr<std::atomic<uint64_t>> next, uint64_t entities) {
  self->send(self, pump_atom::value);
  return {
    [=](pump_atom) {
      auto id = next->fetch_add(1);
      if (id >= entities) {
        finish(self, run);
        return;
      }
      auto t0 = clock_type::now();
      self->request(reg, caf::infinite, query_atom::value, std::to_string(id))
        .then(
          [=](uint64_t value) {
            if (value != 10) // snapshot (5) + 5 events of 1
              std::abort();
            if (++run->done == run->cap && run->at_cap)
              run->at_cap();
            self->state.latencies.push_back(bench::seconds_since(t0) * 1000);
            self->send(self, pump_atom::value);
          },
          fail);
    },
  };
}

std::shared_ptr<events::store> open_or_die(const std::string& path, bool sync = true) {
  events::store_options opts;
  opts.path = path;
  opts.sync = sync;
  auto db = events::store::open(opts);
  if (!db) {
    std::fprintf(stderr, "cannot open %s: %s\n", path.c_str(), message_of(db.error()).c_str());
    std::abort();
  }
  return std::move(*db);
}

rate finish_run(client_run& run, clock_type::time_point start) {
  run.finished.wait();
  double elapsed = bench::seconds_since(start);
  return {run.done / elapsed, bench::percentile(run.latencies, 0.99)};
}

clock_type::time_point deadline_after(double seconds) {
  return clock_type::now()
         + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(seconds));
}

caf::actor_system_config& config() {
  static caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", 2);
  return cfg;
}

rate raw_append_durable(double seconds) {
  auto db = open_or_die(bench::scratch_dir("entities-raw-append"));
  caf::actor_system sys{config()};
  auto writer = events::spawn_writer(sys, db);
  client_run run{clients};
  run.deadline = deadline_after(seconds);
  auto start = clock_type::now();
  for (int c = 0; c < clients; ++c)
    sys.spawn(client, writer, &run, c,
              request_fn{[c](client_actor* self, const caf::actor& w, std::function<void()> done) {
                self->request(w, caf::infinite, events::append_atom::value,
                              "raw-" + std::to_string(c), events::expected_version::any(),
                              std::vector<events::new_event>{domain::counter::encode({1})})
                  .then([=](const events::append_result&) { done(); }, fail);
              }});
  auto out = finish_run(run, start);
  caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
  return out;
}

std::shared_ptr<entity_context> context(std::shared_ptr<events::store> db, caf::actor writer,
                                        entity_options opts) {
  auto ctx = std::make_shared<entity_context>();
  ctx->db = [db] { return db; };
  ctx->writer = std::move(writer);
  ctx->opts = opts;
  return ctx;
}

rate entity_commands(double seconds, uint64_t entities) {
  auto db = open_or_die(bench::scratch_dir("entities-commands"));
  caf::actor_system sys{config()};
  auto writer = events::spawn_writer(sys, db);
  entity_options opts;
  opts.max_active = entities;
  auto reg = spawn_registry<counter_agg>(sys, context(db, writer, opts));
  client_run run{clients};
  run.deadline = deadline_after(seconds);
  auto start = clock_type::now();
  for (int c = 0; c < clients; ++c)
    sys.spawn(client, reg, &run, c,
              request_fn{[entities](client_actor* self, const caf::actor& r,
                                    std::function<void()> done) {
                auto id = std::to_string(self->state.rng() % entities);
                self->request(r, caf::infinite, command_atom::value, id,
                              domain::counter::increment{1})
                  .then([=](uint64_t) { done(); }, fail);
              }});
  auto out = finish_run(run, start);
  caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
  return out;
}

// Streams "counter-<i>" with 10 events each and a snapshot at version 5 (value 5).
void populate(const std::string& path, uint64_t entities) {
  auto db = open_or_die(path, false);
  std::vector<events::append_request> batch;
  rocksdb::WriteBatch snaps;
  for (uint64_t i = 0; i < entities; ++i) {
    auto stream = stream_of<counter_agg>(std::to_string(i));
    events::append_request req{stream, events::expected_version::no_stream(), {}};
    for (int e = 0; e < 10; ++e)
      req.events.push_back(domain::counter::encode({1}));
    batch.push_back(std::move(req));
    events::SnapshotRecord rec;
    rec.set_stream_id(stream);
    rec.set_stream_version(5);
    rec.set_type(counter_agg::snapshot_type);
    rec.set_schema_version(1);
    rec.set_state(domain::counter::encode_state({5}));
    snaps.Put(db->snapshots_cf(), events::keys::stream_entry(stream, 5), rec.SerializeAsString());
    if (batch.size() == 1000 || i + 1 == entities) {
      db->commit(batch);
      batch.clear();
      db->raw()->Write({}, &snaps);
      snaps.Clear();
    }
  }
  if (db->flush())
    std::abort();
}

// The baseline: the same recoveries without actors, one thread.
double direct_recoveries(const events::store& db, uint64_t entities) {
  auto start = clock_type::now();
  for (uint64_t i = 0; i < entities; ++i) {
    auto stream = stream_of<counter_agg>(std::to_string(i));
    auto snap = db.load_snapshot(stream);
    if (!snap || !*snap)
      std::abort();
    auto evs = db.read_stream(stream, (*snap)->stream_version() + 1, 1024);
    if (!evs || evs->size() != 5)
      std::abort();
  }
  return entities / bench::seconds_since(start);
}

struct activation_figures {
  rate r;
  double p99_probe_ms = 0;
  double bytes_per_entity = 0;
  double baseline = 0;
};

struct activation_knobs {
  uint64_t entities = 0;
  uint64_t max_active = 0;
  int clients = 64;
  uint64_t probe_entities = 0;
  int probe_clients = 2;
};

// Heap bytes the process holds: malloc's in-use chunks plus its mmapped ones.
double malloc_in_use() {
  auto mi = ::mallinfo2();
  return static_cast<double>(mi.uordblks + mi.hblkhd);
}

// What RocksDB holds outside our objects: the shared block cache and the table readers.
double rocksdb_memory(events::store& db) {
  uint64_t cache = 0, readers = 0;
  db.raw()->GetIntProperty("rocksdb.block-cache-usage", &cache);
  db.raw()->GetAggregatedIntProperty("rocksdb.estimate-table-readers-mem", &readers);
  return static_cast<double>(cache + readers);
}

struct memory_mark {
  double heap = 0, rocksdb = 0, rss = 0;
  static memory_mark take(events::store& db) { return {malloc_in_use(), rocksdb_memory(db), rss_bytes()}; }
};

// Activates entities [first, first + count) with `n` closed-loop clients.
rate activate_range(caf::actor_system& sys, const caf::actor& reg, uint64_t first,
                    uint64_t count, int n, client_run& run) {
  auto next_id = std::make_shared<std::atomic<uint64_t>>(first);
  auto start = clock_type::now();
  for (int c = 0; c < n; ++c)
    sys.spawn(activator, reg, &run, next_id, first + count);
  return finish_run(run, start);
}

node_info inspect_registry(caf::actor_system& sys, const caf::actor& reg) {
  node_info out;
  caf::scoped_actor self{sys};
  self->request(reg, caf::infinite, inspect_atom::value)
    .receive([&](node_info& n) { out = std::move(n); }, [](caf::error&) { std::abort(); });
  return out;
}

activation_figures entity_activation(const activation_knobs& k) {
  auto path = bench::scratch_dir("entities-activation");
  populate(path, k.entities + k.probe_entities);
  auto db = open_or_die(path);
  activation_figures out;
  out.baseline = direct_recoveries(*db, std::min<uint64_t>(k.entities, 100000));
  caf::actor_system sys{config()};
  auto writer = events::spawn_writer(sys, db);
  entity_options opts;
  opts.max_active = k.max_active;
  auto reg = spawn_registry<counter_agg>(sys, context(db, writer, opts));
  ::malloc_trim(0); // what earlier phases freed must not be counted as reused by entities
  auto before = memory_mark::take(*db);
  memory_mark at_cap;
  client_run run{k.clients};
  run.cap = std::min(k.max_active, k.entities);
  run.at_cap = [&] { at_cap = memory_mark::take(*db); };
  out.r = activate_range(sys, reg, 0, k.entities, k.clients, run);
  auto n = inspect_registry(sys, reg);
  double cap = static_cast<double>(run.cap);
  double rocks = at_cap.rocksdb - before.rocksdb;
  out.bytes_per_entity = (at_cap.heap - before.heap - rocks) / cap;
  std::fprintf(stderr,
               "# %llu active, %llu passivated; at %.0f active: heap +%.1f MB, of which RocksDB "
               "cache and table readers +%.1f MB (excluded); rss +%.1f MB (%.0f B/entity, "
               "RocksDB included)\n",
               static_cast<unsigned long long>(n.entities.at(0).active),
               static_cast<unsigned long long>(n.entities.at(0).passivated), cap,
               (at_cap.heap - before.heap) / 1e6, rocks / 1e6, (at_cap.rss - before.rss) / 1e6,
               (at_cap.rss - before.rss) / cap);
  if (k.probe_entities > 0) {
    client_run probe{k.probe_clients};
    out.p99_probe_ms =
      activate_range(sys, reg, k.entities, k.probe_entities, k.probe_clients, probe).p99_ms;
  }
  caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
  return out;
}

} // namespace

int main() {
  double seconds = static_cast<double>(bench::env_number("BENCH_SECONDS", 10));
  auto entities = static_cast<uint64_t>(bench::env_number("ENTITIES", 10000));
  auto activations = static_cast<uint64_t>(bench::env_number("ACTIVATIONS", 1000000));
  auto max_active = static_cast<uint64_t>(bench::env_number("MAX_ACTIVE", 100000));

  // Activation first: its memory figure should not start from a heap the other runs grew.
  activation_knobs k;
  k.entities = activations;
  k.max_active = max_active;
  k.clients = static_cast<int>(bench::env_number("ACTIVATION_CLIENTS", 64));
  k.probe_clients = static_cast<int>(bench::env_number("PROBE_CLIENTS", 2));
  k.probe_entities = static_cast<uint64_t>(bench::env_number("PROBE_ACTIVATIONS", 20000));
  auto act = entity_activation(k);
  bench::report("entity_activation", act.r.per_second, "activations/s", act.baseline,
                act.r.per_second / act.baseline);
  bench::report("entity_activation_p99", act.r.p99_ms, "ms", 0, 0);
  bench::report("entity_activation_p99_" + std::to_string(k.probe_clients) + "_clients",
                act.p99_probe_ms, "ms", 0, 0);
  bench::report("entity_activation_memory", act.bytes_per_entity, "bytes/active entity", 0, 0);

  auto raw = raw_append_durable(seconds);
  auto cmds = entity_commands(seconds, entities);
  bench::report("entity_commands", cmds.per_second, "commands/s", raw.per_second,
                cmds.per_second / raw.per_second);
  bench::report("entity_commands_p99", cmds.p99_ms, "ms", raw.p99_ms, raw.p99_ms / cmds.p99_ms);
  return 0;
}
