#include "http/health.hpp"
#include "http/observe.hpp"
#include "http/server.hpp"
#include "http/test_client.hpp"

#include <doctest/doctest.h>

using namespace colors::http;
using namespace colors::http::testing;

namespace {

std::unique_ptr<server> start_with(readiness_probe probe) {
  auto routes = std::make_shared<router>();
  add_health_routes(*routes, std::move(probe));
  server_options opts;
  opts.listen = "127.0.0.1:0";
  opts.limits.access_log = false;
  auto started = server::start(std::move(opts), std::move(routes));
  REQUIRE(started);
  return std::move(*started);
}

} // namespace

TEST_CASE("a valid traceparent keeps its trace id and gets our span id") {
  std::string trace, span, flags;
  CHECK(parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", trace, span,
                          flags));
  CHECK(trace == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(span == "00f067aa0ba902b7");
  CHECK(flags == "01");
  CHECK_FALSE(parse_traceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01", trace,
                                span, flags));
  CHECK_FALSE(parse_traceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", trace,
                                span, flags));
  CHECK_FALSE(parse_traceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", trace,
                                span, flags));
  CHECK_FALSE(parse_traceparent("garbage", trace, span, flags));

  auto req = make_request(verb::get, "/healthz");
  req.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  req.set("x-request-id", "client-42");
  auto t = trace_for(req);
  CHECK(t.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(t.span_id.size() == 16);
  CHECK(t.span_id != "00f067aa0ba902b7");
  CHECK(t.request_id == "client-42");
  CHECK(traceparent(t).rfind("00-4bf92f3577b34da6a3ce929d0e0e4736-", 0) == 0);
}

TEST_CASE("requests without ids get fresh ones; unsafe client request ids are replaced") {
  auto req = make_request(verb::get, "/healthz");
  req.set("x-request-id", "bad\"id");
  auto t = trace_for(req);
  CHECK(t.request_id != "bad\"id");
  CHECK(t.request_id.size() == 36);
  CHECK(t.trace_id.size() == 32);
  std::string trace, span, flags;
  CHECK(parse_traceparent(traceparent(t), trace, span, flags));
}

TEST_CASE("every response carries the request id and a traceparent") {
  auto srv = start_with({});
  test_client c{srv->port()};
  auto req = make_request(verb::get, "/healthz");
  req.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  req.set("x-request-id", "abc-123");
  auto res = c.roundtrip(req);
  REQUIRE(!c.error);
  CHECK(res["x-request-id"] == "abc-123");
  CHECK(std::string{res["traceparent"]}.substr(0, 36) == "00-4bf92f3577b34da6a3ce929d0e0e4736-");
  auto missing = c.roundtrip(make_request(verb::get, "/nope"));
  CHECK(missing.result() == status::not_found);
  CHECK(missing["x-request-id"].size() == 36);
}

TEST_CASE("readyz is 200 when every check passes and 503 naming the failing one otherwise") {
  bool store_ok = true;
  auto srv = start_with([&] {
    return std::vector<readiness_check>{{"event_store", store_ok, store_ok ? "open" : "write failed"},
                                        {"projections", true, "caught up"}};
  });
  test_client c{srv->port()};
  auto ok = c.roundtrip(make_request(verb::get, "/readyz"));
  CHECK(ok.result() == status::ok);
  CHECK(contains(ok.body(), R"("status":"ready")"));
  CHECK(contains(ok.body(), R"("event_store":{"ok":true,"detail":"open"})"));
  store_ok = false;
  auto bad = c.roundtrip(make_request(verb::get, "/readyz"));
  CHECK(bad.result() == status::service_unavailable);
  CHECK(contains(bad.body(), R"("event_store":{"ok":false,"detail":"write failed"})"));
}

TEST_CASE("metrics count requests by route and status in the Prometheus text format") {
  auto srv = start_with({});
  test_client c{srv->port()};
  for (int i = 0; i < 3; ++i)
    c.roundtrip(make_request(verb::get, "/healthz"));
  c.roundtrip(make_request(verb::get, "/no/such/path"));
  auto res = c.roundtrip(make_request(verb::get, "/metrics"));
  REQUIRE(!c.error);
  CHECK(res.result() == status::ok);
  CHECK(contains(std::string{res[bhttp::field::content_type]}, "text/plain; version=0.0.4"));
  const auto& text = res.body();
  CHECK(contains(text, "# TYPE colors_http_requests_total counter"));
  CHECK(contains(text, R"(colors_http_requests_total{route="/healthz",status="200"})"));
  CHECK(contains(text, R"(colors_http_requests_total{route="unmatched",status="404"})"));
  CHECK(contains(text, R"(colors_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"})"));
  CHECK(contains(text, "# TYPE colors_http_open_connections gauge"));
}
