#include "http/errors.hpp"
#include "http/health.hpp"
#include "http/server.hpp"
#include "http/test_client.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

using namespace colors::http;
using namespace colors::http::testing;
using namespace std::chrono_literals;

namespace {

struct fixture {
  explicit fixture(server_options opts = {}, std::shared_ptr<router> routes = nullptr) {
    if (!routes)
      routes = std::make_shared<router>();
    add_health_routes(*routes);
    opts.listen = "127.0.0.1:0";
    auto started = server::start(std::move(opts), std::move(routes));
    REQUIRE(started);
    srv = std::move(*started);
  }
  std::unique_ptr<server> srv;
};

} // namespace

TEST_CASE("the server binds an ephemeral port and answers /healthz") {
  fixture f;
  CHECK(f.srv->port() != 0);
  CHECK(f.srv->address() == "127.0.0.1:" + std::to_string(f.srv->port()));
  test_client c{f.srv->port()};
  REQUIRE(!c.connect_error);
  auto res = c.roundtrip(make_request(verb::get, "/healthz"));
  REQUIRE(!c.error);
  CHECK(res.result() == status::ok);
  CHECK(res[bhttp::field::content_type] == "application/json");
  CHECK(res.body() == R"({"status":"ok"})");
}

TEST_CASE("unknown paths get 404 and wrong methods 405, as JSON") {
  fixture f;
  test_client c{f.srv->port()};
  auto missing = c.roundtrip(make_request(verb::get, "/no/such/thing"));
  REQUIRE(!c.error);
  CHECK(missing.result() == status::not_found);
  CHECK(contains(missing.body(), R"({"error":{"code":"NOT_FOUND","message":)"));
  auto wrong = c.roundtrip(make_request(verb::delete_, "/healthz"));
  REQUIRE(!c.error);
  CHECK(wrong.result() == status::method_not_allowed);
  CHECK(contains(wrong.body(), R"("code":"METHOD_NOT_ALLOWED")"));
}

TEST_CASE("a handler sees the TCP peer and the request id of each request") {
  auto routes = std::make_shared<router>();
  std::mutex m;
  std::vector<call_info> seen;
  routes->add(verb::get, "/who", [&](const request&, const call_info& call) {
    std::lock_guard<std::mutex> g{m};
    seen.push_back(call);
    return json_response(status::ok, "{}");
  });
  fixture f{{}, routes};
  test_client c{f.srv->port()};
  auto req = make_request(verb::get, "/who");
  req.set("x-request-id", "first");
  REQUIRE(c.roundtrip(req).result() == status::ok);
  REQUIRE(c.roundtrip(make_request(verb::get, "/who")).result() == status::ok);
  std::lock_guard<std::mutex> g{m};
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].peer_ip == "127.0.0.1");
  CHECK(seen[0].loopback);
  CHECK(seen[0].request_id == "first");
  CHECK(seen[1].request_id.size() == 36); // a fresh id for the second request
}

TEST_CASE("keep-alive serves two requests on one connection") {
  fixture f;
  test_client c{f.srv->port()};
  for (int i = 0; i < 2; ++i) {
    auto res = c.roundtrip(make_request(verb::get, "/healthz"));
    REQUIRE(!c.error);
    CHECK(res.result() == status::ok);
    CHECK(res.keep_alive());
  }
}

TEST_CASE("an oversized body or header gets 413 with a JSON error, then the connection closes") {
  server_options opts;
  opts.limits.body_limit = 1024;
  opts.limits.header_limit = 1024;
  fixture f{opts};
  SUBCASE("body") {
    test_client c{f.srv->port()};
    auto res = c.roundtrip(make_request(verb::post, "/healthz", std::string(64 * 1024, 'x')));
    REQUIRE(!c.error);
    CHECK(res.result() == status::payload_too_large);
    CHECK(contains(res.body(), R"("code":"PAYLOAD_TOO_LARGE")"));
    CHECK(!res.keep_alive());
    c.receive();
    CHECK(c.error == bhttp::error::end_of_stream);
  }
  SUBCASE("header") {
    test_client c{f.srv->port()};
    auto req = make_request(verb::get, "/healthz");
    req.set("X-Padding", std::string(4096, 'p'));
    auto res = c.roundtrip(std::move(req));
    REQUIRE(!c.error);
    CHECK(res.result() == status::payload_too_large);
  }
}

TEST_CASE("a path with its own body limit takes larger bodies than the others") {
  server_options opts;
  opts.limits.body_limit = 1024;
  opts.limits.body_limit_by_path["/healthz"] = 32 * 1024;
  fixture f{opts};
  test_client c{f.srv->port()};
  auto within = c.roundtrip(make_request(verb::post, "/healthz?x=1", std::string(16 * 1024, 'x')));
  REQUIRE(!c.error);
  CHECK(within.result() == status::method_not_allowed); // read in full, then routed
  auto over = c.roundtrip(make_request(verb::post, "/healthz", std::string(64 * 1024, 'x')));
  REQUIRE(!c.error);
  CHECK(over.result() == status::payload_too_large);
  CHECK(contains(over.body(), "32768"));
  test_client other{f.srv->port()};
  auto elsewhere = other.roundtrip(make_request(verb::post, "/nope", std::string(8 * 1024, 'x')));
  REQUIRE(!other.error);
  CHECK(elsewhere.result() == status::payload_too_large); // the larger limit is /healthz's only
  CHECK(contains(elsewhere.body(), "1024"));
}

TEST_CASE("a malformed request gets 400 and the connection closes") {
  fixture f;
  test_client c{f.srv->port()};
  REQUIRE(!c.send_raw("GET /healthz HTTP/1.1\r\nContent-Length: nope\r\n\r\n"));
  auto res = c.receive();
  REQUIRE(!c.error);
  CHECK(res.result() == status::bad_request);
  CHECK(contains(res.body(), R"("code":"BAD_REQUEST")"));
  c.receive();
  CHECK(c.error == bhttp::error::end_of_stream);
}

TEST_CASE("an idle connection is closed after the read timeout") {
  server_options opts;
  opts.limits.read_timeout = 200ms;
  fixture f{opts};
  test_client c{f.srv->port()};
  auto start = std::chrono::steady_clock::now();
  c.receive();
  CHECK(c.error == bhttp::error::end_of_stream);
  CHECK(std::chrono::steady_clock::now() - start < 3s);
}

TEST_CASE("stop lets a request in flight finish and closes idle connections") {
  std::promise<reply_fn> pending;
  auto routes = std::make_shared<router>();
  routes->add_async(verb::get, "/slow", [&pending](const request&, const call_info&,
                                                   reply_fn reply) {
    pending.set_value(std::move(reply));
  });
  fixture f{{}, routes};
  test_client idle{f.srv->port()};
  REQUIRE(idle.roundtrip(make_request(verb::get, "/healthz")).result() == status::ok);
  test_client busy{f.srv->port()};
  REQUIRE(!busy.send(make_request(verb::get, "/slow")));
  auto reply = pending.get_future();
  REQUIRE(reply.wait_for(5s) == std::future_status::ready);

  std::atomic<bool> stopped{false};
  std::thread stopper{[&] {
    f.srv->stop();
    stopped = true;
  }};
  idle.receive(); // closed by the drain while the slow request is still open
  CHECK(idle.error == bhttp::error::end_of_stream);
  CHECK(!stopped);
  reply.get()(json_response(status::ok, R"({"slow":true})"));
  auto res = busy.receive();
  stopper.join();
  REQUIRE(!busy.error);
  CHECK(res.result() == status::ok);
  CHECK(!res.keep_alive());
  CHECK(stopped);
}
