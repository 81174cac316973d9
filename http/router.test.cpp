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
  r.add(verb::get, "/boom", [](const request&) -> response { throw std::runtime_error{"secret"}; });
  auto res = route(r, verb::get, "/boom");
  CHECK(res.result() == status::internal_server_error);
  CHECK(res.body().find("secret") == std::string::npos);
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
