// make bench ONLY=event_store
//   append_durable: 64 concurrent appenders through the writer actor (one 200-byte event per
//     append, sync on) vs one thread writing WriteBatches of 64 raw records with sync on.
//   replay: read_all over N events with envelope decoding vs a raw iterator scan of the same keys.
// Knobs: BENCH_SECONDS (default 10), REPLAY_EVENTS (default 5000000).
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

struct rate {
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

rate raw_batches(double seconds) {
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
  return {seq / bench::seconds_since(start), bench::percentile(latencies, 0.5),
          bench::percentile(latencies, 0.99)};
}

struct append_client_state {
  static inline const char* name = "bench-appender";
};

rate actor_appends(double seconds) {
  auto dir = bench::scratch_dir("append-durable");
  store_options opts;
  opts.path = dir;
  auto opened = store::open(opts);
  if (!opened)
    std::abort();
  std::shared_ptr<store> db = std::move(*opened);
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", 2);
  caf::actor_system sys{cfg};
  auto writer = spawn_writer(sys, db);
  std::atomic<uint64_t> acked{0};
  std::mutex latencies_mutex;
  std::vector<double> latencies;
  auto deadline = clock_type::now() + std::chrono::duration<double>(seconds);
  std::latch finished{appenders};
  auto start = clock_type::now();
  for (int c = 0; c < appenders; ++c) {
    sys.spawn([&, c](caf::event_based_actor* self) {
      auto stream = "bench-" + std::to_string(c);
      auto mine = std::make_shared<std::vector<double>>();
      auto send_one = std::make_shared<std::function<void()>>();
      *send_one = [=, &acked, &latencies_mutex, &latencies, &finished] {
        if (clock_type::now() >= deadline) {
          std::lock_guard<std::mutex> guard{latencies_mutex};
          latencies.insert(latencies.end(), mine->begin(), mine->end());
          finished.count_down();
          return;
        }
        auto t0 = clock_type::now();
        self->request(writer, caf::infinite, append_atom::value, stream, expected_version::any(),
                      std::vector<new_event>{make_event("bench", std::string(event_bytes, 'x'))})
          .then(
            [=, &acked](const append_result&) {
              ++acked;
              mine->push_back(bench::seconds_since(t0) * 1000);
              (*send_one)();
            },
            [](caf::error&) { std::abort(); });
      };
      (*send_one)();
    });
  }
  finished.wait();
  auto elapsed = bench::seconds_since(start);
  caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
  return {acked / elapsed, bench::percentile(latencies, 0.5), bench::percentile(latencies, 0.99)};
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

int main() {
  auto seconds = static_cast<double>(bench::env_number("BENCH_SECONDS", 10));
  auto raw = raw_batches(seconds);
  auto ours = actor_appends(seconds);
  bench::report("append_durable", ours.per_second, "events/s", raw.per_second,
                ours.per_second / raw.per_second);
  bench::report("append_durable_p50", ours.p50_ms, "ms", raw.p50_ms, raw.p50_ms / ours.p50_ms);
  bench::report("append_durable_p99", ours.p99_ms, "ms", raw.p99_ms, raw.p99_ms / ours.p99_ms);
  replay(static_cast<uint64_t>(bench::env_number("REPLAY_EVENTS", 5'000'000)));
}
