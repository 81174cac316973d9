#include "http/edge.hpp"

#include <doctest/doctest.h>

using namespace colors::http;
using namespace std::chrono_literals;

namespace {

edge_policy with_origins(std::vector<std::string> origins) {
  edge_policy e;
  e.cors.origins = std::move(origins);
  return e;
}

request from(verb method, std::string target, std::string origin = {}) {
  request req{method, target, 11};
  if (!origin.empty())
    req.set(bhttp::field::origin, origin);
  return req;
}

request preflight_from(std::string origin) {
  auto req = from(verb::options, "/graphql", std::move(origin));
  req.set(bhttp::field::access_control_request_method, "POST");
  req.set(bhttp::field::access_control_request_headers, "content-type, authorization");
  return req;
}

call_info peer(const char* ip) {
  return call_info_for(boost::asio::ip::make_address(ip), "id");
}

std::string field(const response& res, std::string_view name) {
  return std::string{res[boost::beast::string_view{name.data(), name.size()}]};
}

} // namespace

TEST_CASE("a preflight from an allowed origin gets 204 with the CORS answer") {
  auto edge = with_origins({"https://shop.example", "https://admin.example"});
  auto res = screen(edge, preflight_from("https://admin.example"), peer("192.0.2.1"), "/graphql");
  REQUIRE(res);
  CHECK(res->result() == status::no_content);
  CHECK(field(*res, "Access-Control-Allow-Origin") == "https://admin.example");
  CHECK(field(*res, "Access-Control-Allow-Methods") == "GET, POST, OPTIONS");
  CHECK(field(*res, "Access-Control-Allow-Headers").find("authorization") != std::string::npos);
  CHECK(field(*res, "Access-Control-Allow-Headers").find("traceparent") != std::string::npos);
  CHECK(field(*res, "Access-Control-Max-Age") == "600");
  CHECK(field(*res, "Vary") == "Origin");
}

TEST_CASE("a preflight from any other origin is refused without CORS headers") {
  for (auto edge : {with_origins({"https://shop.example"}), with_origins({})}) {
    for (auto origin : {"https://evil.example", "https://shop.example.evil.example",
                        "http://shop.example", "null"}) {
      auto res = screen(edge, preflight_from(origin), peer("192.0.2.1"), "/nope");
      REQUIRE(res);
      CHECK_MESSAGE(res->result() == status::forbidden, origin);
      CHECK(field(*res, "Access-Control-Allow-Origin").empty());
    }
  }
}

TEST_CASE("plain OPTIONS and ordinary requests are routed") {
  auto edge = with_origins({"https://shop.example"});
  CHECK_FALSE(screen(edge, from(verb::options, "/graphql"), peer("192.0.2.1"), "/graphql"));
  CHECK_FALSE(screen(edge, from(verb::post, "/graphql", "https://shop.example"), peer("192.0.2.1"),
                     "/graphql"));
}

TEST_CASE("actual responses name an allowed origin only") {
  auto edge = with_origins({"https://shop.example"});
  response ok{status::ok, 11};
  decorate(edge, from(verb::post, "/graphql", "https://shop.example"), ok);
  CHECK(field(ok, "Access-Control-Allow-Origin") == "https://shop.example");
  CHECK(field(ok, "Access-Control-Expose-Headers").find("x-request-id") != std::string::npos);
  CHECK(field(ok, "Vary") == "Origin");

  response other{status::ok, 11};
  decorate(edge, from(verb::post, "/graphql", "https://evil.example"), other);
  CHECK(field(other, "Access-Control-Allow-Origin").empty());
  CHECK(field(other, "Vary") == "Origin");

  response none{status::ok, 11};
  decorate(edge_policy{}, from(verb::post, "/graphql", "https://shop.example"), none);
  CHECK(field(none, "Access-Control-Allow-Origin").empty());
  CHECK(field(none, "Vary").empty());
}

TEST_CASE("every decorated response carries the security headers") {
  response res{status::not_found, 11};
  decorate(edge_policy{}, from(verb::get, "/x"), res);
  CHECK(field(res, "X-Content-Type-Options") == "nosniff");
  CHECK(field(res, "X-Frame-Options") == "DENY");
  CHECK(field(res, "Referrer-Policy") == "no-referrer");
  CHECK(field(res, "Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'");
  CHECK(field(res, "Cache-Control") == "no-store");
  CHECK(field(res, "Cross-Origin-Resource-Policy") == "same-site");

  response cached{status::ok, 11};
  cached.set(bhttp::field::cache_control, "public, max-age=31536000, immutable");
  set_security_headers(cached);
  CHECK(field(cached, "Cache-Control") == "public, max-age=31536000, immutable");
}

TEST_CASE("the request class limits each peer address; probes and loopback are exempt") {
  edge_policy edge;
  rate_limiter_options o;
  o.classes = {{"request", {1, 2}}};
  edge.limiter = std::make_shared<rate_limiter>(o);
  auto req = from(verb::get, "/graphql");
  auto outsider = peer("203.0.113.4");
  CHECK_FALSE(screen(edge, req, outsider, "/graphql"));
  CHECK_FALSE(screen(edge, req, outsider, "/graphql"));
  auto refused = screen(edge, req, outsider, "/graphql");
  REQUIRE(refused);
  CHECK(refused->result() == status::too_many_requests);
  CHECK(field(*refused, "Retry-After") == "1");
  CHECK(refused->body().find(R"("code":"RATE_LIMITED")") != std::string::npos);
  CHECK_FALSE(screen(edge, req, peer("203.0.113.5"), "/graphql")); // another address
  for (auto probe : {"/healthz", "/readyz", "/metrics"})
    CHECK_FALSE(screen(edge, req, outsider, probe));
  for (int i = 0; i < 10; ++i)
    CHECK_FALSE(screen(edge, req, peer("127.0.0.1"), "/graphql"));
  edge.limit_loopback = true;
  CHECK_FALSE(screen(edge, req, peer("::1"), "/graphql"));
  CHECK_FALSE(screen(edge, req, peer("::1"), "/graphql"));
  CHECK(screen(edge, req, peer("::1"), "/graphql"));
}

TEST_CASE("a rate-limited preflight is a 429, not a CORS answer") {
  auto edge = with_origins({"https://shop.example"});
  rate_limiter_options o;
  o.classes = {{"request", {0.5, 1}}};
  edge.limiter = std::make_shared<rate_limiter>(o);
  auto req = preflight_from("https://shop.example");
  CHECK(screen(edge, req, peer("192.0.2.9"), "/graphql")->result() == status::no_content);
  auto refused = screen(edge, req, peer("192.0.2.9"), "/graphql");
  CHECK(refused->result() == status::too_many_requests);
  CHECK(field(*refused, "Retry-After") == "2");
}

TEST_CASE("Retry-After is whole seconds, rounded up, at least 1") {
  CHECK(field(rate_limited_response(1ms), "Retry-After") == "1");
  CHECK(field(rate_limited_response(1000ms), "Retry-After") == "1");
  CHECK(field(rate_limited_response(1001ms), "Retry-After") == "2");
}
