#include "main/admin.hpp"

#include "actors/supervisor.hpp"

#include <caf/all.hpp>
#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>
#include <optional>

using namespace colors;

namespace {

caf::behavior idle_worker(caf::event_based_actor*, int) {
  return {[](int) {}};
}

// Dispatches one request and waits for its (asynchronous) response.
http::response fetch(const http::router& r, std::string target) {
  std::mutex m;
  std::condition_variable cv;
  std::optional<http::response> out;
  http::request req{http::verb::get, target, 11};
  r.dispatch(req, [&](http::response res) {
    std::lock_guard<std::mutex> g{m};
    out = std::move(res);
    cv.notify_one();
  });
  std::unique_lock<std::mutex> lock{m};
  cv.wait(lock, [&] { return out.has_value(); });
  return *out;
}

actors::supervisor_handle small_tree(caf::actor_system& sys) {
  actors::child_spec worker;
  worker.name = "worker-1";
  worker.start = [](caf::actor_system& s) -> caf::expected<caf::actor> {
    return s.spawn(idle_worker, 0); // an argument: see actors/test_support.hpp
  };
  actors::supervisor_options opts;
  opts.name = "root";
  return actors::spawn_supervisor(sys, opts, {worker});
}

} // namespace

TEST_CASE("loopback hosts are recognised") {
  CHECK(app::is_loopback_host("127.0.0.1"));
  CHECK(app::is_loopback_host("localhost"));
  CHECK(app::is_loopback_host("::1"));
  CHECK_FALSE(app::is_loopback_host("0.0.0.0"));
  CHECK_FALSE(app::is_loopback_host("10.0.0.1"));
}

TEST_CASE("GET /admin/actors shows the live tree as JSON and as text, on loopback only") {
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", 2);
  caf::actor_system sys{cfg};
  auto tree = small_tree(sys);
  http::router local;
  app::add_admin_routes(local, sys, tree.supervisor, true);
  auto json = fetch(local, "/admin/actors");
  CHECK(json.result() == http::status::ok);
  CHECK(json.body().find(R"("name":"root","kind":"supervisor","state":"running")")
        != std::string::npos);
  CHECK(json.body().find(R"("name":"worker-1","kind":"worker","state":"running")")
        != std::string::npos);
  auto text = fetch(local, "/admin/actors?format=tree");
  CHECK(text.body().find("root [supervisor] running") == 0);
  CHECK(text.body().find("\n  worker-1 [worker] running") != std::string::npos);

  http::router exposed;
  app::add_admin_routes(exposed, sys, tree.supervisor, false);
  CHECK(fetch(exposed, "/admin/actors").result() == http::status::forbidden);
  caf::anon_send_exit(tree.supervisor, caf::exit_reason::user_shutdown);
}
