#include "main/kling_backend.hpp"

#include "common/bytes.hpp"
#include "common/digest.hpp"
#include "common/errc.hpp"
#include "common/log.hpp"
#include "http/server.hpp"
#include "kling_sim/sim_routes.hpp"
#include "kling_sim/sim_service.hpp"

#include <filesystem>

namespace colors::app {

namespace {

constexpr const char* sim_access_key = "colors-embedded-sim";

// Stable across restarts (the simulator files its tasks by account) and secret like the rest.
std::string sim_secret_key(const secrets& keys) {
  return to_hex(sha256(keys.pii_kek + "/kling-sim"));
}

caf::expected<kling_backend> start_sim(const options& opts, const secrets& keys,
                                       tryon::kling_credentials& creds, std::string& base_url) {
  creds = {sim_access_key, sim_secret_key(keys)};
  kling_sim::service_options so;
  so.data_dir = std::filesystem::path{opts.data_dir} / "kling-sim";
  so.accounts[creds.access_key] = creds.secret_key;
  so.model.latency = {opts.sim_latency_min_ms, opts.sim_latency_max_ms};
  so.model.concurrency = opts.kling_concurrency;
  auto svc = kling_sim::sim_service::start(std::move(so));
  if (!svc)
    return svc.error();
  kling_backend out;
  out.sim = std::move(*svc);
  auto routes = std::make_shared<http::router>();
  kling_sim::add_sim_routes(*routes, out.sim);
  http::server_options hso;
  hso.listen = "127.0.0.1:0";
  hso.io_threads = 1;
  hso.limits.access_log = false;
  hso.limits.body_limit_by_path[std::string{tryon::kling_try_on_path}] = kling_sim::create_body_limit;
  auto srv = http::server::start(std::move(hso), routes);
  if (!srv)
    return srv.error();
  out.sim_server = std::move(*srv);
  base_url = "http://" + out.sim_server->address();
  out.sim->set_public_base(base_url);
  log(log_level::info, "kling simulator listening", {{"address", out.sim_server->address()}});
  return out;
}

caf::expected<tryon::kling_credentials> real_credentials() {
  auto access = process_env("KLING_ACCESS_KEY");
  auto secret = process_env("KLING_SECRET_KEY");
  if (!access || access->empty() || !secret || secret->empty())
    return make_error(errc::invalid_argument,
                      "--kling=real needs the environment variables KLING_ACCESS_KEY and "
                      "KLING_SECRET_KEY (and optionally KLING_BASE_URL)");
  return tryon::kling_credentials{*access, *secret};
}

} // namespace

kling_backend::~kling_backend() {
  client.reset(); // no more calls into the simulator
  if (sim)
    sim->release_held();
  if (sim_server)
    sim_server->stop();
}

caf::expected<kling_backend> start_kling(const options& opts, const secrets& keys) {
  kling_backend out;
  tryon::kling_client_options co;
  co.max_running = opts.kling_concurrency;
  // Ten failures in a row: a scattering of 5xx (even 30% of calls) almost never trips it, an
  // outage trips it within a second of traffic.
  co.breaker_threshold = 10;
  co.breaker_open = std::chrono::seconds{15};
  if (opts.kling == "sim") {
    auto sim = start_sim(opts, keys, co.credentials, co.base_url);
    if (!sim)
      return sim.error();
    out = std::move(*sim);
  } else {
    auto creds = real_credentials();
    if (!creds)
      return creds.error();
    co.credentials = std::move(*creds);
    co.base_url = opts.kling_base_url;
  }
  auto client = tryon::kling_client::start(std::move(co));
  if (!client)
    return client.error();
  out.client = std::move(*client);
  return out;
}

} // namespace colors::app
