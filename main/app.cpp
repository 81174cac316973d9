#include "main/app.hpp"

#include "main/data_dir.hpp"
#include "main/signals.hpp"

#include "events/store.hpp"
#include "events/writer.hpp"
#include "http/health.hpp"
#include "http/server.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"

#include <caf/all.hpp>

#include <cstdio>
#include <cstring>

namespace colors::app {

namespace {

// Startup failures end the process: say why in plain words on stderr.
int fail(const caf::error& err) {
  if (code_of(err) == errc::locked) {
    std::fprintf(stderr, "colors: %s; is another colors server running on it?\n",
                 message_of(err).c_str());
    return exit_data_dir_in_use;
  }
  std::fprintf(stderr, "colors: %s\n", message_of(err).c_str());
  return exit_failure;
}

void log_config(const options& opts) {
  log(log_level::info, "starting",
      {{"listen", opts.listen}, {"data_dir", opts.data_dir}, {"kling", opts.kling},
       {"io_threads", std::to_string(opts.io_threads)}});
  if (opts.demo_data)
    log(log_level::info, "demo data: nothing to load yet");
}

caf::expected<std::shared_ptr<events::store>> open_store(const std::string& dir) {
  if (auto err = ensure_data_dir(dir))
    return err;
  if (auto err = check_not_in_use(dir))
    return err;
  events::store_options so;
  so.path = dir;
  auto db = events::store::open(std::move(so));
  if (!db)
    return db.error();
  return std::shared_ptr<events::store>{std::move(*db)};
}

// Ready when the store takes writes and the writer runs. Cheap: no I/O, no messages.
http::readiness_probe readiness(std::shared_ptr<events::store> db, caf::actor_system& sys) {
  return [db = std::move(db), &sys] {
    bool writable = !db->write_failed();
    auto running = sys.registry().running();
    return std::vector<http::readiness_check>{
      {"event_store", writable, writable ? "open" : "refusing writes after a failed write"},
      {"actors", running > 0, std::to_string(running) + " actors running"}};
  };
}

caf::expected<std::unique_ptr<http::server>> start_http(const options& opts,
                                                        http::readiness_probe probe) {
  auto routes = std::make_shared<http::router>();
  http::add_health_routes(*routes, std::move(probe));
  http::server_options so;
  so.listen = opts.listen;
  so.io_threads = opts.io_threads;
  return http::server::start(std::move(so), std::move(routes));
}

// Serves until a stop signal; HTTP is drained before this returns.
int serve(const options& opts, http::readiness_probe probe) {
  auto srv = start_http(opts, std::move(probe));
  if (!srv)
    return fail(srv.error());
  log(log_level::info, "listening", {{"address", (*srv)->address()}});
  int sig = wait_for_stop_signal();
  log(log_level::info, "stopping", {{"signal", sigabbrev_np(sig) ? sigabbrev_np(sig) : "?"}});
  (*srv)->stop();
  return exit_ok;
}

void stop_actors(caf::actor_system& sys, caf::actor& writer) {
  caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
  writer = nullptr;
  sys.await_all_actors_done();
}

// Flushes memtables and the WAL, then closes RocksDB (the last reference).
int close_store(std::shared_ptr<events::store> db) {
  if (auto err = db->flush()) {
    log(log_level::error, "flush failed", {{"error", message_of(err)}});
    return exit_failure;
  }
  if (db.use_count() != 1)
    log(log_level::warn, "event store still referenced at shutdown");
  return exit_ok;
}

} // namespace

int run(const options& opts) {
  log_config(opts);
  auto db = open_store(opts.data_dir);
  if (!db)
    return fail(db.error());
  int code = exit_ok;
  {
    caf::actor_system_config cfg;
    caf::actor_system sys{cfg};
    auto writer = events::spawn_writer(sys, *db);
    metrics::registry::global().gauge_fn("colors_actors_running", "Actors alive in the system.",
                                         [&sys] { return double(sys.registry().running()); });
    code = serve(opts, readiness(*db, sys));
    metrics::registry::global().gauge_fn("colors_actors_running", "Actors alive in the system.",
                                         [] { return 0.0; });
    stop_actors(sys, writer);
  }
  if (int closed = close_store(std::move(*db)); code == exit_ok)
    code = closed;
  log(log_level::info, "stopped", {{"exit_code", std::to_string(code)}});
  return code;
}

} // namespace colors::app
