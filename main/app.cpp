#include "main/app.hpp"

#include "main/api.hpp"
#include "main/data_dir.hpp"
#include "common/stop_signals.hpp"

#include "main/admin.hpp"
#include "main/demo.hpp"
#include "main/kling_backend.hpp"
#include "main/kling_callback.hpp"
#include "main/media_routes.hpp"
#include "main/services.hpp"
#include "main/tree.hpp"

#include "actors/store_holder.hpp"
#include "events/store.hpp"
#include "events/writer.hpp"
#include "http/edge.hpp"
#include "http/graphql_http.hpp"
#include "http/graphql_ws_operations.hpp"
#include "http/health.hpp"
#include "http/server.hpp"
#include "projections/catalog_feed.hpp"
#include "projections/tryon_tasks.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <thread>

namespace colors::app {

namespace {

// CAF's work-stealing workers poll for work before they wait on their condition variable: 100
// spins, then 500 sleeps of 50 us. Under a steady trickle of messages (10,000 try-ons waiting:
// timers, polls, callbacks) they hardly ever got to wait, and those sleeps were a third of the
// server's CPU samples (perf during bench/tryon.sh). Ten sleeps still catch the next message of
// a burst; after them a worker waits to be woken.
// CAF 0.17 starts max(cores, 4) workers. Beside the HTTP I/O threads that oversubscribes a
// 2-core machine, and the idle workers' polling took CPU from the busy ones: graphql_read
// (bench/http.sh) ran at 16,000 requests/s with 4 workers and 18,000-23,000 with 2, /healthz
// at 30,000 and 33,000-38,000. Nothing blocks on a worker (blocking reads and writes run on
// detached actors and thread pools), so one worker per core is enough.
void tune_scheduler(caf::actor_system_config& cfg) {
  cfg.set("work-stealing.moderate-poll-attempts", int64_t{10});
  cfg.set("scheduler.max-threads", size_t{std::max(2u, std::thread::hardware_concurrency())});
}

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

// "request=100/200,login=0.2/10": the limits in force, in the --rate-limit syntax.
std::string describe(const http::rate_limiter_options& limits) {
  std::string out;
  auto number = [](double v) {
    auto text = std::to_string(v);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.')
      text.pop_back();
    return text;
  };
  for (const auto& [name, l] : limits.classes)
    out += (out.empty() ? "" : ",") + name + "=" + number(l.per_second) + "/" + number(l.burst);
  return out;
}

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& item : list)
    out += (out.empty() ? "" : ",") + item;
  return out;
}

void log_config(const options& opts) {
  log(log_level::info, "starting",
      {{"listen", opts.listen}, {"data_dir", opts.data_dir}, {"kling", opts.kling},
       {"io_threads", std::to_string(opts.io_threads)},
       {"rate_limits", describe(opts.rate_limits)},
       {"rate_limit_loopback", opts.rate_limit_loopback ? "true" : "false"},
       {"cors_origins", joined(opts.cors_origins)},
       {"upload_max_bytes", std::to_string(opts.upload_max_bytes)},
       {"upload_max_pixels", std::to_string(opts.upload_max_pixels)},
       {"kling_concurrency", std::to_string(opts.kling_concurrency)},
       {"tryon_daily_quota", std::to_string(opts.tryon_daily_quota)}});
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
http::readiness_probe readiness(std::shared_ptr<actors::store_holder> holder,
                                caf::actor_system& sys) {
  return [holder = std::move(holder), &sys] {
    auto db = holder->current(); // not kept: the writer's restart may reopen the store
    bool writable = db && !db->write_failed();
    auto running = sys.registry().running();
    return std::vector<http::readiness_check>{
      {"event_store", writable, writable ? "open" : "refusing writes after a failed write"},
      {"actors", running > 0, std::to_string(running) + " actors running"}};
  };
}

std::shared_ptr<http::edge_policy> edge_policy(const options& opts) {
  auto edge = std::make_shared<http::edge_policy>();
  edge->limiter = std::make_shared<http::rate_limiter>(opts.rate_limits);
  edge->limit_loopback = opts.rate_limit_loopback;
  edge->cors.origins = opts.cors_origins;
  return edge;
}

// Room for the multipart framing around an image of the largest accepted size.
constexpr uint64_t multipart_overhead = 16 * 1024;

media_endpoint_deps media_deps(const options& opts, const api_services& services) {
  media_endpoint_deps deps;
  deps.library = services.media;
  deps.authenticate = [identity = services.identity](std::string_view bearer, auto done) {
    identity->authenticate(bearer, std::move(done));
  };
  deps.limits = {opts.upload_max_bytes, opts.upload_max_pixels};
  return deps;
}

// The GraphQL engine over the services (and the live subscriptions on it).
caf::expected<std::shared_ptr<const graphql::engine>>
api_engine(const http::readiness_probe& probe, const http::edge_policy& edge, api_services& services) {
  auto state = std::make_shared<api_state>();
  state->limiter = edge.limiter;
  state->healthy = [probe] {
    for (const auto& check : probe())
      if (!check.ok)
        return false;
    return true;
  };
  graphql::error err;
  auto engine = make_engine(state, services, err);
  if (!engine)
    return make_error(errc::invalid_argument, "the built-in GraphQL schema is invalid: " + err.message);
  services.live = http::live_subscriptions::create(engine, services.hub, live_sources(services));
  return engine;
}

caf::expected<std::unique_ptr<http::server>> start_http(const options& opts,
                                                        http::readiness_probe probe,
                                                        caf::actor_system& sys, caf::actor root,
                                                        std::shared_ptr<http::edge_policy> edge,
                                                        api_services& services,
                                                        std::shared_ptr<const graphql::engine> engine) {
  auto routes = std::make_shared<http::router>();
  http::add_health_routes(*routes, std::move(probe));
  routes->add_websocket("/graphql", std::make_shared<http::graphql_ws_operations>(
                                      engine, services.live, services.contexts));
  http::add_graphql_routes(*routes, std::move(engine), services.contexts);
  add_admin_routes(*routes, sys, std::move(root), platform_admins_only(services.identity));
  add_media_routes(*routes, media_deps(opts, services));
  add_kling_callback_route(*routes, sys, services.tryon_runner);
  http::server_options so;
  so.listen = opts.listen;
  so.io_threads = opts.io_threads;
  so.limits.access_log = opts.access_log;
  so.limits.body_limit_by_path["/uploads"] = opts.upload_max_bytes + multipart_overhead;
  so.edge = std::move(edge);
  return http::server::start(std::move(so), std::move(routes));
}

// Serves until a stop signal; HTTP is drained before this returns. With --demo-data, the demo
// accounts and catalog are loaded first.
int serve(const options& opts, http::readiness_probe probe, caf::actor_system& sys,
          caf::actor root, std::shared_ptr<http::edge_policy> edge, api_services& services,
          const tryon::runner_deps& runner) {
  auto engine = api_engine(probe, *edge, services);
  if (!engine)
    return fail(engine.error());
  if (opts.demo_data)
    load_demo_data(services, *engine, opts.demo_products);
  auto srv = start_http(opts, std::move(probe), sys, std::move(root), std::move(edge), services,
                        std::move(*engine));
  if (!srv)
    return fail(srv.error());
  log(log_level::info, "listening", {{"address", (*srv)->address()}});
  start_tryon(services, runner, opts, (*srv)->address());
  int sig = wait_for_stop_signal();
  log(log_level::info, "stopping", {{"signal", sigabbrev_np(sig) ? sigabbrev_np(sig) : "?"}});
  (*srv)->stop();
  return exit_ok;
}

std::shared_ptr<const tryon::runner_deps>
runner_deps_of(const options& opts, const kling_backend& kling,
               std::shared_ptr<const projections::tryon_tasks> model) {
  auto deps = std::make_shared<tryon::runner_deps>();
  deps->opts.poll_first = std::chrono::milliseconds{opts.kling_poll_min_ms};
  deps->opts.poll_max = std::chrono::milliseconds{opts.kling_poll_max_ms};
  deps->opts.poll_quiet = 4 * deps->opts.poll_max; // a lost callback costs at most this
  deps->opts.result_limits = {opts.upload_max_bytes, opts.upload_max_pixels};
  deps->opts.max_submitting = static_cast<size_t>(opts.tryon_submit_window);
  deps->kling = kling.client;
  deps->pool = std::make_shared<boost::asio::thread_pool>(2);
  deps->unfinished = [model] { return model->unfinished(); };
  return deps;
}

void stop_actors(caf::actor_system& sys, process_tree& tree) {
  tree.stop();
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
  events::store_options store_opts;
  store_opts.path = opts.data_dir;
  auto holder = std::make_shared<actors::store_holder>(std::move(store_opts), std::move(*db));
  auto keys = load_or_create_secrets(opts.data_dir);
  if (!keys)
    return fail(keys.error());
  auto hub = projections::topic_hub::create(holder->current()->last_seq() + 1);
  auto catalog = std::make_shared<projections::catalog>();
  if (auto err = projections::load_catalog(*holder->current(), *catalog))
    return fail(err);
  auto tryon_model = std::make_shared<projections::tryon_tasks>();
  if (auto err = projections::load_tryon_tasks(*holder->current(), *tryon_model))
    return fail(err);
  auto edge = edge_policy(opts);
  int code = exit_ok;
  {
    caf::actor_system_config cfg;
    tune_scheduler(cfg);
    caf::actor_system sys{cfg};
    auto kling = start_kling(opts, *keys);
    if (!kling)
      return fail(kling.error());
    auto runner = runner_deps_of(opts, *kling, tryon_model);
    read_models models{hub, catalog, tryon_model};
    process_tree tree{sys, holder, service_children(holder, models, runner)};
    metrics::registry::global().gauge_fn("colors_actors_running", "Actors alive in the system.",
                                         [&sys] { return double(sys.registry().running()); });
    auto services = start_services(sys, tree, holder, std::move(*keys), models, edge->limiter,
                                   runner, opts);
    code = serve(opts, readiness(holder, sys), sys, tree.root(), edge, services, *runner);
    services = {}; // the identity service's pool finishes before the actors stop
    if (tree.failed())
      code = exit_failure;
    metrics::registry::global().gauge_fn("colors_actors_running", "Actors alive in the system.",
                                         [] { return 0.0; });
    stop_actors(sys, tree);
    runner->pool->join();
  }
  auto last = holder->release(); // null when a reopen after a failed write did not succeed
  if (int closed = last ? close_store(std::move(last)) : exit_failure; code == exit_ok)
    code = closed;
  log(log_level::info, "stopped", {{"exit_code", std::to_string(code)}});
  return code;
}

} // namespace colors::app
