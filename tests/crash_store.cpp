// crash_store: the event store's crash-recovery test, and a data seeder for colctl's test.
//
//   crash_store run --rounds N --dir D [--seed S] [--pause-ms P]
//       kills a writing child at random moments; after each kill, every acknowledged event must
//       be in the store where the ack said, and verify_store must pass
//   crash_store child --dir D --acks FILE [--pause-ms P]
//       64 writers append forever; one ack line per event, written only after the ack
//   crash_store seed --dir D --events N            writes N events and exits cleanly
#include "events/client.hpp"
#include "events/verify.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"

#include <caf/all.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;
using namespace colors;
using namespace std::chrono_literals;

namespace {

constexpr const char* payload_type = "colors.events.TestPayload";
constexpr int writer_count = 64;
constexpr int shared_streams = 16;
constexpr auto child_lifetime = 120s; // a child that is never killed gives up by itself
// Each writer pauses 0..2P ms between appends. Unthrottled, a child writes ~30k events/s and
// the log (which every round checks whole) grows too fast for 500 rounds; at 20 ms it is ~5k/s
// with a group commit still in flight at almost every moment.
constexpr uint64_t default_pause_ms = 20;

// --- small helpers ----------------------------------------------------------------------------

using flag_map = std::map<std::string, std::string>;

// "--key value" pairs; false on anything else.
bool parse_flags(int argc, char** argv, int first, flag_map& out) {
  for (int i = first; i < argc; i += 2) {
    std::string key = argv[i];
    if (key.rfind("--", 0) != 0 || i + 1 >= argc)
      return false;
    out[key.substr(2)] = argv[i + 1];
  }
  return true;
}

uint64_t flag_u64(const flag_map& flags, const std::string& name, uint64_t fallback) {
  auto it = flags.find(name);
  return it == flags.end() ? fallback : std::stoull(it->second);
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "crash_store child %d: FATAL: %s\n", static_cast<int>(::getpid()),
               what.c_str());
  std::fflush(stderr);
  ::_exit(3);
}

std::string describe(const events::append_result& r) {
  return "seq " + std::to_string(r.first_seq) + ".." + std::to_string(r.last_seq) + " version "
         + std::to_string(r.first_version) + ".." + std::to_string(r.last_version)
         + (r.duplicate ? " (duplicate)" : "");
}

std::string test_payload(const std::string& writer, uint64_t counter, std::mt19937_64& rng) {
  events::TestPayload p;
  p.set_writer(writer);
  p.set_counter(counter);
  p.set_filler(std::string(rng() % 200, static_cast<char>('a' + rng() % 26)));
  return p.SerializeAsString();
}

caf::expected<std::shared_ptr<events::store>> open_store(const std::string& dir) {
  events::store_options opts;
  opts.path = dir;
  auto db = events::store::open(std::move(opts));
  if (!db)
    return db.error();
  return std::shared_ptr<events::store>{std::move(*db)};
}

// --- child: append forever, log acks ----------------------------------------------------------

// One batch as it was appended and acknowledged, kept for an idempotent re-append.
struct acked_append {
  std::string stream;
  events::expected_version expected;
  std::vector<events::new_event> events;
  events::append_result result;
};

class child_writer {
public:
  child_writer(caf::actor_system& sys, caf::actor writer, int index, int ack_fd,
               uint64_t own_version, uint64_t pause_ms)
    : self_(sys), writer_(std::move(writer)), name_("w" + std::to_string(index)),
      own_stream_("own-" + std::to_string(index)), ack_fd_(ack_fd), own_version_(own_version),
      pause_ms_(pause_ms), rng_(std::random_device{}()) {}

  [[noreturn]] void run() {
    for (;;) {
      if (last_ && rng_() % 16 == 0)
        reappend();
      else
        append();
      if (pause_ms_ > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(rng_() % (2 * pause_ms_ + 1)));
    }
  }

private:
  void append() {
    bool own = rng_() % 2 == 0;
    acked_append a;
    a.stream = own ? own_stream_ : "shared-" + std::to_string(rng_() % shared_streams);
    a.expected = own ? events::expected_version::exactly(own_version_)
                     : events::expected_version::any();
    for (size_t i = 0, n = 1 + rng_() % 3; i < n; ++i)
      a.events.push_back(events::make_event(payload_type, test_payload(name_, ++counter_, rng_)));
    auto res = events::append_blocking(self_, writer_, a.stream, a.expected, a.events);
    if (!res)
      die("append to " + a.stream + " failed: " + message_of(res.error()));
    check_fresh(a, *res);
    a.result = *res;
    write_acks(a);
    if (own)
      own_version_ = res->last_version;
    last_ = std::move(a);
  }

  void check_fresh(const acked_append& a, const events::append_result& r) const {
    auto n = a.events.size();
    bool own = a.stream == own_stream_;
    if (r.duplicate || r.last_seq - r.first_seq + 1 != n || r.last_version - r.first_version + 1 != n
        || (own && r.first_version != own_version_ + 1))
      die("append of " + std::to_string(n) + " events to " + a.stream + " answered "
          + describe(r));
  }

  // The same batch again (same ids, same expected version): must be a duplicate, same places.
  void reappend() {
    auto& a = *last_;
    auto res = events::append_blocking(self_, writer_, a.stream, a.expected, a.events);
    if (!res)
      die("re-append to " + a.stream + " failed: " + message_of(res.error()));
    const auto& o = a.result;
    if (!res->duplicate || res->first_seq != o.first_seq || res->last_seq != o.last_seq
        || res->first_version != o.first_version || res->last_version != o.last_version)
      die("re-append to " + a.stream + " answered " + describe(*res) + ", the original was "
          + describe(o));
    last_.reset();
  }

  // One write(2) per append, so that a kill leaves whole lines (or at worst a torn last line).
  void write_acks(const acked_append& a) const {
    std::string lines;
    for (size_t i = 0; i < a.events.size(); ++i)
      lines += uuid_to_string(a.events[i].event_id) + " " + a.stream + " "
               + std::to_string(a.result.first_seq + i) + "\n";
    auto n = ::write(ack_fd_, lines.data(), lines.size());
    if (n != static_cast<ssize_t>(lines.size()))
      die(std::string{"cannot write the ack file: "} + std::strerror(errno));
  }

  caf::scoped_actor self_;
  caf::actor writer_;
  std::string name_;
  std::string own_stream_;
  int ack_fd_;
  uint64_t own_version_;
  uint64_t pause_ms_;
  uint64_t counter_ = 0;
  std::mt19937_64 rng_;
  std::optional<acked_append> last_;
};

int run_child(const flag_map& flags) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the parent
  auto db = open_store(flags.at("dir"));
  if (!db)
    die("cannot open the store: " + message_of(db.error()));
  int ack_fd = ::open(flags.at("acks").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (ack_fd < 0)
    die(std::string{"cannot open the ack file: "} + std::strerror(errno));
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto writer = events::spawn_writer(sys, *db);
  auto pause_ms = flag_u64(flags, "pause-ms", default_pause_ms);
  std::vector<std::thread> threads;
  for (int i = 0; i < writer_count; ++i) {
    // Heads survive the crash: continue each own stream at its stored version.
    auto version = (*db)->stream_version("own-" + std::to_string(i));
    if (!version)
      die("cannot read the head of own-" + std::to_string(i) + ": " + message_of(version.error()));
    threads.emplace_back([&sys, writer, i, ack_fd, pause_ms, v = *version] {
      child_writer{sys, writer, i, ack_fd, v, pause_ms}.run();
    });
  }
  std::this_thread::sleep_for(child_lifetime);
  die("nobody killed this child within " + std::to_string(child_lifetime.count()) + " s");
}

// --- seed: a fixed amount of data for colctl's test -------------------------------------------

// Streams for the seed; the last needs JSON escaping.
std::string seed_stream(uint64_t k) {
  return k == 9 ? std::string{"odd\"stream\\9"} : "seed-" + std::to_string(k);
}

events::new_event seed_event(uint64_t n, std::mt19937_64& rng) {
  if (n % 10 == 0) { // a type no descriptor knows: exported as payload_base64
    auto ev = events::make_event("colors.events.Opaque", std::string("\x00\x01\xff", 3));
    ev.correlation_id = new_uuid();
    return ev;
  }
  return events::make_event(payload_type, test_payload("seed", n, rng));
}

int run_seed(const flag_map& flags) {
  auto total = flag_u64(flags, "events", 1000);
  fs::create_directories(flags.at("dir"));
  auto db = open_store(flags.at("dir"));
  if (!db) {
    std::fprintf(stderr, "crash_store seed: %s\n", message_of(db.error()).c_str());
    return 1;
  }
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto writer = events::spawn_writer(sys, *db);
  std::mt19937_64 rng{1};
  uint64_t written = 0;
  {
    caf::scoped_actor self{sys};
    while (written < total) {
      std::vector<events::new_event> batch;
      for (auto n = std::min<uint64_t>(1 + rng() % 3, total - written); n > 0; --n)
        batch.push_back(seed_event(++written, rng));
      auto res = events::append_blocking(self, writer, seed_stream(rng() % 10),
                                         events::expected_version::any(), std::move(batch));
      if (!res) {
        std::fprintf(stderr, "crash_store seed: %s\n", message_of(res.error()).c_str());
        return 1;
      }
    }
  }
  caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
  sys.await_all_actors_done();
  std::printf("seeded %llu events in 10 streams\n", static_cast<unsigned long long>(written));
  return 0;
}

// --- parent: kill, reopen, check --------------------------------------------------------------

struct ack {
  std::string id; // 16 bytes
  std::string stream;
  uint64_t seq = 0;
};

// The complete lines of the ack file. A torn last line is cut off, so that the next child
// appends after a newline.
caf::expected<std::vector<ack>> load_acks(const std::string& path, uint64_t& torn_bytes) {
  std::ifstream in{path, std::ios::binary};
  std::string text{std::istreambuf_iterator<char>{in}, {}};
  auto complete = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  torn_bytes = text.size() - complete;
  if (torn_bytes > 0)
    fs::resize_file(path, complete);
  std::vector<ack> out;
  for (size_t pos = 0; pos < complete;) {
    auto end = text.find('\n', pos);
    auto line = text.substr(pos, end - pos);
    pos = end + 1;
    auto s1 = line.find(' '), s2 = line.rfind(' ');
    auto id = uuid_from_string(line.substr(0, s1));
    if (s1 == std::string::npos || s1 == s2 || !id)
      return make_error(errc::corrupt, "malformed ack line '" + line + "'");
    out.push_back({*id, line.substr(s1 + 1, s2 - s1 - 1), std::stoull(line.substr(s2 + 1))});
  }
  return out;
}

// What the log holds, compactly: one entry per event, sorted by event id once the scan is done.
struct log_index {
  struct entry {
    std::array<char, 16> id;
    uint64_t seq;
    uint32_t stream;
    bool operator<(const entry& o) const { return id < o.id; }
  };
  std::vector<entry> entries;
  std::vector<std::string> streams;
  std::unordered_map<std::string, uint32_t> stream_ids;

  void add(const events::envelope& env) {
    auto [it, fresh] = stream_ids.try_emplace(env.stream_id(), streams.size());
    if (fresh)
      streams.push_back(env.stream_id());
    entry e{{}, env.global_seq(), it->second};
    std::memcpy(e.id.data(), env.event_id().data(), std::min<size_t>(16, env.event_id().size()));
    entries.push_back(e);
  }

  // The entries with this id: exactly one for a stored event.
  std::pair<const entry*, const entry*> find(std::string_view id) const {
    entry key{};
    std::memcpy(key.id.data(), id.data(), std::min<size_t>(16, id.size()));
    auto [lo, hi] = std::equal_range(entries.begin(), entries.end(), key);
    return {entries.data() + (lo - entries.begin()), entries.data() + (hi - entries.begin())};
  }
};

class round_checker {
public:
  explicit round_checker(const events::store& db) : db_(db) {}

  std::vector<std::string> check(const std::vector<ack>& acks) {
    check_verify();
    if (auto err = scan())
      fail("scanning the log failed: " + message_of(err));
    std::sort(index_.entries.begin(), index_.entries.end());
    for (const auto& a : acks)
      check_ack(a);
    if (index_.entries.size() < acks.size())
      fail("the log has " + std::to_string(index_.entries.size()) + " events but "
           + std::to_string(acks.size()) + " were acknowledged");
    return std::move(failures_);
  }

  uint64_t events() const { return index_.entries.size(); }

private:
  void fail(std::string text) {
    if (failures_.size() < 20)
      failures_.push_back(std::move(text));
  }

  void check_verify() {
    auto report = events::verify_store(db_);
    for (const auto& p : report.problems)
      fail("verify_store: " + p);
    if (!report.ok())
      fail("verify_store found " + std::to_string(report.problem_count) + " problems");
  }

  caf::error scan() {
    auto cursor = db_.scan(1);
    events::envelope env;
    while (cursor.next(env))
      index_.add(env);
    return cursor.error();
  }

  // Present exactly once, at the acknowledged sequence, in the acknowledged stream.
  void check_ack(const ack& a) {
    auto what = "acked event " + uuid_to_string(a.id) + " (" + a.stream + " at log/"
                + std::to_string(a.seq) + ")";
    auto [first, last] = index_.find(a.id);
    if (first == last)
      return fail(what + " is lost: it is not in the log");
    if (last - first > 1)
      return fail(what + " is in the log " + std::to_string(last - first) + " times");
    if (first->seq != a.seq)
      fail(what + " is at log/" + std::to_string(first->seq));
    if (index_.streams[first->stream] != a.stream)
      fail(what + " is in stream " + index_.streams[first->stream]);
  }

  const events::store& db_;
  log_index index_;
  std::vector<std::string> failures_;
};

pid_t spawn_child(const std::string& db_dir, const std::string& acks, uint64_t pause_ms) {
  std::vector<std::string> args{"crash_store", "child", "--dir",      db_dir,
                                "--acks",      acks,    "--pause-ms", std::to_string(pause_ms)};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (int rc = ::posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ)) {
    std::fprintf(stderr, "crash_store: cannot start the child: %s\n", std::strerror(rc));
    return -1;
  }
  return pid;
}

// Starts a child, lets it write for `run_for`, kills it. Empty on success.
std::string kill_child(const std::string& db_dir, const std::string& acks,
                       std::chrono::milliseconds run_for, uint64_t pause_ms) {
  auto pid = spawn_child(db_dir, acks, pause_ms);
  if (pid < 0)
    return "cannot start the child";
  std::this_thread::sleep_for(run_for);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
    return {};
  if (WIFEXITED(status))
    return "the child exited by itself with status " + std::to_string(WEXITSTATUS(status));
  return "the child died of signal " + std::to_string(WTERMSIG(status));
}

struct run_totals {
  uint64_t pause_ms = default_pause_ms;
  uint64_t acks_checked = 0;
  uint64_t acks = 0;
  uint64_t events = 0;
  std::chrono::milliseconds elapsed{0};
};

// One round: kill a child, then reopen and check. False on any failure (already printed).
bool run_round(uint64_t round, uint64_t rounds, const fs::path& dir, std::mt19937_64& rng,
               run_totals& totals) {
  auto start = std::chrono::steady_clock::now();
  auto db_dir = (dir / "db").string(), acks_path = (dir / "acks").string();
  std::chrono::milliseconds run_for{100 + rng() % 701};
  if (auto err = kill_child(db_dir, acks_path, run_for, totals.pause_ms); !err.empty()) {
    std::printf("round %llu: FAILED: %s\n", static_cast<unsigned long long>(round), err.c_str());
    return false;
  }
  uint64_t torn = 0;
  auto acks = load_acks(acks_path, torn);
  auto db = open_store(db_dir);
  if (!acks || !db) {
    std::printf("round %llu: FAILED: %s\n", static_cast<unsigned long long>(round),
                message_of(!acks ? acks.error() : db.error()).c_str());
    return false;
  }
  round_checker checker{**db};
  auto failures = checker.check(*acks);
  db->reset(); // close before the next child opens the directory
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
    std::chrono::steady_clock::now() - start);
  std::printf("round %llu/%llu: killed after %lld ms; %llu events (+%llu), %zu acked so far%s; "
              "%s (%lld ms)\n",
              static_cast<unsigned long long>(round), static_cast<unsigned long long>(rounds),
              static_cast<long long>(run_for.count()),
              static_cast<unsigned long long>(checker.events()),
              static_cast<unsigned long long>(checker.events() - totals.events), acks->size(),
              torn ? ", torn ack line dropped" : "", failures.empty() ? "ok" : "FAILED",
              static_cast<long long>(took.count()));
  for (const auto& f : failures)
    std::printf("  - %s\n", f.c_str());
  std::fflush(stdout);
  totals.acks_checked += acks->size();
  totals.acks = acks->size();
  totals.events = checker.events();
  totals.elapsed += took;
  return failures.empty();
}

int run_parent(const flag_map& flags) {
  auto rounds = flag_u64(flags, "rounds", 20);
  auto seed = flag_u64(flags, "seed", std::random_device{}());
  fs::path dir = flags.at("dir");
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::printf("crash_store: %llu rounds in %s, seed %llu\n",
              static_cast<unsigned long long>(rounds), dir.c_str(),
              static_cast<unsigned long long>(seed));
  std::mt19937_64 rng{seed};
  run_totals totals;
  totals.pause_ms = flag_u64(flags, "pause-ms", default_pause_ms);
  for (uint64_t r = 1; r <= rounds; ++r)
    if (!run_round(r, rounds, dir, rng, totals)) {
      std::printf("crash_store: FAILED in round %llu (seed %llu)\n",
                  static_cast<unsigned long long>(r), static_cast<unsigned long long>(seed));
      return 1;
    }
  if (totals.acks == 0) {
    std::printf("crash_store: FAILED: no child ever acknowledged an append\n");
    return 1;
  }
  std::printf("crash_store: ok: %llu rounds, %llu events in the log, %llu acked events, "
              "%llu ack checks in all, %lld ms per round\n",
              static_cast<unsigned long long>(rounds),
              static_cast<unsigned long long>(totals.events),
              static_cast<unsigned long long>(totals.acks),
              static_cast<unsigned long long>(totals.acks_checked),
              static_cast<long long>(totals.elapsed.count() / static_cast<long long>(rounds)));
  return 0;
}

int usage() {
  std::fprintf(stderr, "usage: crash_store run --rounds N --dir D [--seed S] [--pause-ms P]\n"
                       "       crash_store child --dir D --acks FILE [--pause-ms P]\n"
                       "       crash_store seed --dir D [--events N]\n");
  return 2;
}

bool has_flags(const flag_map& flags, std::initializer_list<const char*> required,
               std::initializer_list<const char*> optional) {
  for (const auto* name : required)
    if (!flags.count(name))
      return false;
  for (const auto& [name, value] : flags)
    if (std::find(required.begin(), required.end(), name) == required.end()
        && std::find(optional.begin(), optional.end(), name) == optional.end())
      return false;
  return true;
}

} // namespace

int main(int argc, char** argv) {
  flag_map flags;
  if (argc < 2 || !parse_flags(argc, argv, 2, flags))
    return usage();
  std::string mode = argv[1];
  try {
    if (mode == "run" && has_flags(flags, {"dir"}, {"rounds", "seed", "pause-ms"}))
      return run_parent(flags);
    if (mode == "child" && has_flags(flags, {"dir", "acks"}, {"pause-ms"}))
      return run_child(flags);
    if (mode == "seed" && has_flags(flags, {"dir"}, {"events"}))
      return run_seed(flags);
  } catch (const std::exception& e) { // std::stoull, std::filesystem
    std::fprintf(stderr, "crash_store: %s\n", e.what());
    return 2;
  }
  return usage();
}
