// The standalone Kling simulator: `kling_sim --data-dir DIR --access-key AK --secret-key SK`.
// Serves until SIGTERM or SIGINT; logs a JSON "listening" line with the bound address.
#include "common/errc.hpp"
#include "common/log.hpp"
#include "common/stop_signals.hpp"
#include "http/server.hpp"
#include "kling_sim/sim_options.hpp"
#include "kling_sim/sim_routes.hpp"
#include "media/vips_runtime.hpp"

#include <curl/curl.h>

#include <cstdio>
#include <cstring>

using namespace colors;

namespace {

int fail(const caf::error& err) {
  log(log_level::error, "kling_sim failed", {{"error", message_of(err)}});
  return 1;
}

int serve(const kling_sim::sim_options& opts) {
  std::shared_ptr<kling_sim::sim_service> svc;
  if (auto started = kling_sim::sim_service::start(opts.service))
    svc = std::move(*started);
  else
    return fail(started.error());
  auto routes = std::make_shared<http::router>();
  kling_sim::add_sim_routes(*routes, svc);
  http::server_options so;
  so.listen = opts.listen;
  so.io_threads = opts.io_threads;
  so.limits.body_limit_by_path[std::string{tryon::kling_try_on_path}] =
      kling_sim::create_body_limit;
  auto srv = http::server::start(std::move(so), routes);
  if (!srv)
    return fail(srv.error());
  svc->set_public_base("http://" + (*srv)->address());
  log(log_level::info, "listening", {{"address", (*srv)->address()}});
  int sig = wait_for_stop_signal();
  log(log_level::info, "stopping", {{"signal", sigabbrev_np(sig) ? sigabbrev_np(sig) : "?"}});
  svc->release_held();
  (*srv)->stop();
  log(log_level::info, "stopped");
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  block_stop_signals(); // before any thread, so all inherit the mask
  ignore_sigpipe();
  auto opts = kling_sim::parse_sim_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!opts) {
    std::fprintf(stderr, "kling_sim: %s\nTry 'kling_sim --help'.\n",
                 message_of(opts.error()).c_str());
    return 2;
  }
  if (opts->help) {
    std::fputs(kling_sim::sim_usage().c_str(), stdout);
    return 0;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (auto err = media::start_vips())
    return fail(err);
  int code = serve(*opts);
  curl_global_cleanup();
  return code;
}
