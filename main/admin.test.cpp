#include "main/admin.hpp"

#include "actors/supervisor.hpp"
#include "http/errors.hpp"

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

http::call_info peer(const char* ip) {
  return http::call_info_for(boost::asio::ip::make_address(ip), "test");
}

// Dispatches one request and waits for its (asynchronous) response.
http::response fetch(const http::router& r, std::string target,
                     const http::call_info& call = peer("127.0.0.1")) {
  std::mutex m;
  std::condition_variable cv;
  std::optional<http::response> out;
  http::request req{http::verb::get, target, 11};
  r.dispatch(req, call, [&](http::response res) {
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

TEST_CASE("GET /admin/actors shows the live tree as JSON and as text, to loopback peers only") {
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", 2);
  caf::actor_system sys{cfg};
  auto tree = small_tree(sys);
  http::router r;
  app::add_admin_routes(r, sys, tree.supervisor);
  auto json = fetch(r, "/admin/actors");
  CHECK(json.result() == http::status::ok);
  CHECK(json.body().find(R"("name":"root","kind":"supervisor","state":"running")")
        != std::string::npos);
  CHECK(json.body().find(R"("name":"worker-1","kind":"worker","state":"running")")
        != std::string::npos);
  auto text = fetch(r, "/admin/actors?format=tree");
  CHECK(text.body().find("root [supervisor] running") == 0);
  CHECK(text.body().find("\n  worker-1 [worker] running") != std::string::npos);
  CHECK(fetch(r, "/admin/actors", peer("::1")).result() == http::status::ok);

  for (auto outsider : {"10.0.0.7", "203.0.113.9", "2001:db8::1", "::ffff:192.0.2.1"}) {
    auto refused = fetch(r, "/admin/actors", peer(outsider));
    CHECK_MESSAGE(refused.result() == http::status::forbidden, outsider);
    CHECK(refused.body().find(R"("code":"FORBIDDEN")") != std::string::npos);
  }
  // An unknown caller (no peer address) is not loopback.
  CHECK(fetch(r, "/admin/actors", http::call_info{}).result() == http::status::forbidden);
  caf::anon_send_exit(tree.supervisor, caf::exit_reason::user_shutdown);
}

TEST_CASE("the admin guard decides before anything is fetched") {
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", 2);
  caf::actor_system sys{cfg};
  auto tree = small_tree(sys);
  std::string seen_ip;
  http::router r;
  app::add_admin_routes(r, sys, tree.supervisor,
                        [&](const http::request& req, const http::call_info& call,
                            app::guard_done done) {
                          seen_ip = call.peer_ip;
                          if (req[http::bhttp::field::authorization] == "Bearer admin")
                            return done(std::nullopt);
                          done(http::error_response(http::status::unauthorized,
                                                    "UNAUTHENTICATED", "token needed"));
                        });
  CHECK(fetch(r, "/admin/actors", peer("203.0.113.9")).result() == http::status::unauthorized);
  CHECK(seen_ip == "203.0.113.9");
  caf::anon_send_exit(tree.supervisor, caf::exit_reason::user_shutdown);
}
