#include "http/address.hpp"
#include "http/errors.hpp"
#include "http/health.hpp"
#include "http/router.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

#include <optional>

using namespace colors;
using namespace colors::http;

namespace {

response route(const router& r, verb method, std::string target) {
  std::optional<response> out;
  r.dispatch(request{method, target, 11}, [&](response res) { out = std::move(res); });
  REQUIRE(out);
  return *out;
}

} // namespace

TEST_CASE("the router answers a known endpoint, 404 for unknown paths and 405 for wrong methods") {
  router r;
  add_health_routes(r);
  auto ok = route(r, verb::get, "/healthz?verbose=1");
  CHECK(ok.result() == status::ok);
  CHECK(ok.body() == R"({"status":"ok"})");
  CHECK(ok[bhttp::field::content_type] == "application/json");

  auto missing = route(r, verb::get, "/nope");
  CHECK(missing.result() == status::not_found);
  CHECK(missing.body().find(R"("code":"NOT_FOUND")") != std::string::npos);

  auto wrong = route(r, verb::post, "/healthz");
  CHECK(wrong.result() == status::method_not_allowed);
  CHECK(wrong[bhttp::field::allow] == "GET");
}

TEST_CASE("a handler that throws becomes a 500 without internals") {
  router r;
  r.add(verb::get, "/boom",
        [](const request&, const call_info&) -> response { throw std::runtime_error{"secret"}; });
  auto res = route(r, verb::get, "/boom");
  CHECK(res.result() == status::internal_server_error);
  CHECK(res.body().find("secret") == std::string::npos);
}

TEST_CASE("handlers see who calls: peer address, loopback and request id") {
  router r;
  call_info seen;
  r.add(verb::get, "/who", [&](const request&, const call_info& call) {
    seen = call;
    return json_response(status::ok, "{}");
  });
  auto call = call_info_for(boost::asio::ip::make_address("203.0.113.5"), "req-1");
  r.dispatch(request{verb::get, "/who", 11}, call, [](response) {});
  CHECK(seen.peer_ip == "203.0.113.5");
  CHECK_FALSE(seen.loopback);
  CHECK(seen.request_id == "req-1");
  r.dispatch(request{verb::get, "/who", 11}, [](response) {});
  CHECK(seen.peer_ip.empty());
  CHECK_FALSE(seen.loopback);
}

TEST_CASE("peer addresses: loopback in every spelling, IPv4-mapped IPv6 shown as IPv4") {
  auto of = [](const char* ip) { return call_info_for(boost::asio::ip::make_address(ip)); };
  CHECK(of("127.0.0.1").loopback);
  CHECK(of("127.8.9.10").loopback);
  CHECK(of("::1").loopback);
  CHECK(of("::ffff:127.0.0.1").loopback);
  CHECK(of("::ffff:127.0.0.1").peer_ip == "127.0.0.1");
  CHECK(of("::ffff:192.0.2.1").peer_ip == "192.0.2.1");
  CHECK_FALSE(of("::ffff:192.0.2.1").loopback);
  CHECK_FALSE(of("0.0.0.0").loopback);
  CHECK_FALSE(of("10.0.0.1").loopback);
  CHECK_FALSE(of("2001:db8::1").loopback);
}

TEST_CASE("errors map to HTTP statuses in one place") {
  auto bad = error_response(make_error(errc::invalid_argument, "name \"x\" is empty"));
  CHECK(bad.result() == status::bad_request);
  CHECK(bad.body() == R"({"error":{"code":"BAD_USER_INPUT","message":"name \"x\" is empty"}})");
  auto storage = error_response(make_error(errc::storage, "disk /var/x failed"));
  CHECK(storage.result() == status::internal_server_error);
  CHECK(storage.body().find("/var/x") == std::string::npos);
}

TEST_CASE("listen addresses are parsed from host:port") {
  auto v4 = parse_listen_address("127.0.0.1:8080");
  REQUIRE(v4);
  CHECK(v4->host == "127.0.0.1");
  CHECK(v4->port == 8080);
  auto v6 = parse_listen_address("[::1]:0");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(to_string(*v6) == "[::1]:0");
  for (auto bad : {"", "8080", "host:", ":80", "host:65536", "host:8o", "::1:80"})
    CHECK_MESSAGE(!parse_listen_address(bad), bad);
}

TEST_CASE("a prefix route takes every path under it that has no exact route") {
  router r;
  auto answer = [](std::string body) {
    return [body](const request&, const call_info&) {
      return json_response(status::ok, body);
    };
  };
  r.add(verb::get, "/media/exact", answer("exact"));
  r.add_async(verb::get, "/media", [](const request&, const call_info&, reply_fn reply) {
    reply(json_response(status::ok, "bare"));
  });
  r.add_prefix_async(verb::get, "/media/", [](const request& req, const call_info&, reply_fn reply) {
    reply(json_response(status::ok, std::string{req.target()}));
  });
  CHECK(route(r, verb::get, "/media/abc?size=thumb").body() == "/media/abc?size=thumb");
  CHECK(route(r, verb::get, "/media/exact").body() == "exact");
  CHECK(route(r, verb::get, "/media").body() == "bare");
  CHECK(route(r, verb::post, "/media/abc").result() == status::method_not_allowed);
  CHECK(route(r, verb::get, "/mediaX").result() == status::not_found);
  CHECK(r.route_of("/media/abc?x=1") == "/media/");
  CHECK(r.route_of("/elsewhere") == "unmatched");
}

TEST_CASE("query parameters are found by name and URL-decoded") {
  CHECK(query_param("/p?a=1&size=thumb", "size") == "thumb");
  CHECK(query_param("/p?name=a%20b+c", "name") == "a b c");
  CHECK(query_param("/p?flag", "flag") == "");
  CHECK_FALSE(query_param("/p?a=1", "size"));
  CHECK_FALSE(query_param("/p", "size"));
}
