// make bench ONLY=event_store
//   append_durable: 64 concurrent appenders through the writer actor (one 200-byte event per
//     append, sync on) vs one thread writing WriteBatches of 64 raw records with sync on.
//   append_store_direct: the same records through store::commit from one thread (no actors).
//   replay: read_all over N events with envelope decoding vs a raw iterator scan of the same keys.
// Knobs: BENCH_SECONDS (default 10), BENCH_ROUNDS (default 3), REPLAY_EVENTS (default 5000000).
#include "bench/bench_util.hpp"
#include "common/bytes.hpp"
#include "events/client.hpp"
#include "events/store.hpp"
#include "events/writer.hpp"

#include <caf/all.hpp>
#include <rocksdb/db.h>

#include <atomic>
#include <latch>
#include <mutex>

using namespace colors;
using namespace colors::events;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr int appenders = 64;
constexpr size_t event_bytes = 200;

// What one side measured, summed over the rounds.
struct sample {
  uint64_t events = 0;
  double seconds = 0;
  std::vector<double> latencies_ms;

  void add(const sample& round) {
    events += round.events;
    seconds += round.seconds;
    latencies_ms.insert(latencies_ms.end(), round.latencies_ms.begin(), round.latencies_ms.end());
  }
  double per_second() const { return seconds > 0 ? events / seconds : 0; }
  double p50_ms() const { return bench::percentile(latencies_ms, 0.5); }
  double p99_ms() const { return bench::percentile(latencies_ms, 0.99); }
};

sample raw_batches(double seconds) {
  auto dir = bench::scratch_dir("raw-append");
  rocksdb::Options opts;
  opts.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(opts, dir, &raw).ok())
    std::abort();
  std::unique_ptr<rocksdb::DB> db{raw};
  rocksdb::WriteOptions wo;
  wo.sync = true;
  std::string value(event_bytes, 'x');
  std::vector<double> latencies;
  uint64_t seq = 0;
  auto start = clock_type::now();
  while (bench::seconds_since(start) < seconds) {
    rocksdb::WriteBatch batch;
    for (int i = 0; i < appenders; ++i)
      batch.Put(u64_be(++seq), value);
    auto t0 = clock_type::now();
    db->Write(wo, &batch);
    latencies.push_back(bench::seconds_since(t0) * 1000);
  }
  return {seq, bench::seconds_since(start), std::move(latencies)};
}

// What all appenders share: the ack count, the latencies, and the end of the run.
struct append_run {
  clock_type::time_point deadline;
  std::atomic<uint64_t> acked{0};
  std::mutex mutex;
  std::vector<double> latencies;
  std::latch finished{appenders};
};

struct appender_state {
  std::vector<double> latencies;
  static inline const char* name = "bench-appender";
};

// One client: appends one event, waits for the ack, repeats until the deadline.
caf::behavior appender(caf::stateful_actor<appender_state>* self, caf::actor writer,
                       std::string stream, append_run* run) {
  self->send(self, pump_atom::value);
  return {
    [=](pump_atom) {
      if (clock_type::now() >= run->deadline) {
        std::lock_guard<std::mutex> guard{run->mutex};
        auto& mine = self->state.latencies;
        run->latencies.insert(run->latencies.end(), mine.begin(), mine.end());
        run->finished.count_down();
        self->quit();
        return;
      }
      auto t0 = clock_type::now();
      self->request(writer, caf::infinite, append_atom::value, stream, expected_version::any(),
                    std::vector<new_event>{make_event("bench", std::string(event_bytes, 'x'))})
        .then(
          [=](const append_result&) {
            ++run->acked;
            self->state.latencies.push_back(bench::seconds_since(t0) * 1000);
            self->send(self, pump_atom::value);
          },
          [](caf::error&) { std::abort(); });
    },
  };
}

sample actor_appends(double seconds) {
  store_options opts;
  opts.path = bench::scratch_dir("append-durable");
  auto opened = store::open(opts);
  if (!opened)
    std::abort();
  std::shared_ptr<store> db = std::move(*opened);
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", 2);
  caf::actor_system sys{cfg};
  auto writer = spawn_writer(sys, db);
  append_run run;
  run.deadline = clock_type::now() + std::chrono::duration_cast<clock_type::duration>(
                                       std::chrono::duration<double>(seconds));
  auto start = clock_type::now();
  auto cpu_start = bench::process_cpu_seconds();
  for (int c = 0; c < appenders; ++c)
    sys.spawn(appender, writer, "bench-" + std::to_string(c), &run);
  run.finished.wait();
  auto elapsed = bench::seconds_since(start);
  std::fprintf(stderr, "# append_durable: %.0f events/s, %.1f us of process CPU per event\n",
               run.acked / elapsed, (bench::process_cpu_seconds() - cpu_start) * 1e6 / run.acked);
  caf::scoped_actor self{sys};
  self->request(writer, caf::infinite, stats_atom::value)
    .receive(
      [&](const writer_stats& st) {
        std::fprintf(stderr, "# writer: %lu appends in %lu batches (largest %lu)\n",
                     static_cast<unsigned long>(st.appends), static_cast<unsigned long>(st.batches),
                     static_cast<unsigned long>(st.largest_batch));
      },
      [](caf::error&) {});
  caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
  return {run.acked.load(), elapsed, std::move(run.latencies)};
}

// The store's own cost: store::commit from one thread in batches of 64 one-event appends, no
// actors. Reported so that a slow append_durable can be told apart from actor overhead.
sample direct_commits(double seconds) {
  store_options opts;
  opts.path = bench::scratch_dir("append-direct");
  auto opened = store::open(opts);
  if (!opened)
    std::abort();
  auto& db = **opened;
  uint64_t events = 0;
  auto start = clock_type::now();
  std::vector<append_request> batch;
  while (bench::seconds_since(start) < seconds) {
    batch.clear();
    for (int i = 0; i < appenders; ++i)
      batch.push_back({"bench-" + std::to_string(i), expected_version::any(),
                       {make_event("bench", std::string(event_bytes, 'x'))}});
    events += db.commit(batch).written.size();
  }
  return {events, bench::seconds_since(start), {}};
}

void populate(store& db, uint64_t count) {
  std::vector<append_request> batch;
  uint64_t done = 0;
  while (done < count) {
    batch.clear();
    for (int i = 0; i < 1000 && done < count; ++i, ++done)
      batch.push_back({"replay-" + std::to_string(done % 10000), expected_version::any(),
                       {make_event("bench", std::string(event_bytes, 'x'))}});
    db.commit(batch);
  }
  if (db.flush())
    std::abort();
}

double raw_scan(const store& db) {
  std::unique_ptr<rocksdb::Iterator> it{db.raw()->NewIterator({}, db.log_cf())};
  uint64_t n = 0;
  size_t bytes = 0;
  auto start = clock_type::now();
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    bytes += it->key().size() + it->value().size();
    ++n;
  }
  if (bytes == 0)
    std::abort();
  return n / bench::seconds_since(start);
}

double decoded_scan(const store& db) {
  auto cursor = db.scan(1);
  envelope env;
  uint64_t n = 0;
  auto start = clock_type::now();
  while (cursor.next(env))
    n += env.payload().size() == event_bytes;
  if (cursor.error() || n != db.last_seq())
    std::abort();
  return n / bench::seconds_since(start);
}

void replay(uint64_t count) {
  store_options opts;
  opts.path = bench::scratch_dir("replay");
  opts.sync = false; // preloading only; the measured part reads
  auto opened = store::open(opts);
  if (!opened)
    std::abort();
  auto& db = **opened;
  populate(db, count);
  raw_scan(db); // warm the cache for both
  auto raw = raw_scan(db);
  auto ours = decoded_scan(db);
  bench::report("replay", ours, "events/s", raw, ours / raw);
}

} // namespace

// The disk's speed on this VM drifts by tens of percent within a minute, so the sides take turns:
// BENCH_ROUNDS rounds of (raw, actors, direct), each side BENCH_SECONDS in all.
int main() {
  auto seconds = static_cast<double>(bench::env_number("BENCH_SECONDS", 10));
  auto rounds = std::max(1L, bench::env_number("BENCH_ROUNDS", 3));
  sample raw, ours, direct;
  std::string round_ratios;
  for (long r = 0; r < rounds; ++r) {
    auto raw_round = raw_batches(seconds / rounds);
    auto ours_round = actor_appends(seconds / rounds);
    direct.add(direct_commits(seconds / rounds));
    round_ratios += (r ? " " : "") + std::to_string(ours_round.per_second() / raw_round.per_second());
    raw.add(raw_round);
    ours.add(ours_round);
  }
  std::fprintf(stderr, "# append_durable ratio per round: %s\n", round_ratios.c_str());
  bench::report("append_durable", ours.per_second(), "events/s", raw.per_second(),
                ours.per_second() / raw.per_second());
  bench::report("append_store_direct", direct.per_second(), "events/s", raw.per_second(),
                direct.per_second() / raw.per_second());
  bench::report("append_durable_p50", ours.p50_ms(), "ms", raw.p50_ms(), raw.p50_ms() / ours.p50_ms());
  bench::report("append_durable_p99", ours.p99_ms(), "ms", raw.p99_ms(), raw.p99_ms() / ours.p99_ms());
  replay(static_cast<uint64_t>(bench::env_number("REPLAY_EVENTS", 5'000'000)));
}
