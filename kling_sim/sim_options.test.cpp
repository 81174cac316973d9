#include "kling_sim/sim_options.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::kling_sim;

namespace {

std::vector<std::string> required() {
  return {"--data-dir", "/tmp/x", "--access-key", "AK", "--secret-key", "SK"};
}

caf::expected<sim_options> with(std::vector<std::string> extra) {
  auto args = required();
  args.insert(args.end(), extra.begin(), extra.end());
  return parse_sim_options(args);
}

} // namespace

TEST_CASE("the required flags give Kling-like defaults") {
  auto o = parse_sim_options(required());
  REQUIRE(o);
  CHECK(o->listen == "127.0.0.1:0");
  CHECK(o->service.accounts.at("AK") == "SK");
  CHECK(o->service.model.concurrency == 5);
  CHECK(o->service.model.latency.min_ms == 10'000);
  CHECK(o->service.model.latency.max_ms == 60'000);
}

TEST_CASE("every option is read, in both spellings") {
  auto o =
      with({"--listen=127.0.0.1:9999", "--latency-ms", "50-200", "--concurrency", "2",
            "--fail-rate", "0.1", "--hang-rate=0.05", "--malformed-rate", "0.05",
            "--drop-callbacks", "0.5", "--result-ttl-s", "60", "--hang-ms", "100", "--seed", "7"});
  REQUIRE(o);
  CHECK(o->listen == "127.0.0.1:9999");
  CHECK(o->service.model.latency.min_ms == 50);
  CHECK(o->service.model.latency.max_ms == 200);
  CHECK(o->service.model.concurrency == 2);
  CHECK(o->service.model.faults.server_error == doctest::Approx(0.1));
  CHECK(o->service.model.faults.hang == doctest::Approx(0.05));
  CHECK(o->service.model.faults.malformed == doctest::Approx(0.05));
  CHECK(o->service.model.faults.drop_callback == doctest::Approx(0.5));
  CHECK(o->service.model.result_ttl_ms == 60'000);
  CHECK(o->service.hang.count() == 100);
  CHECK(o->service.model.seed == 7);
  auto fixed = with({"--latency-ms", "300"});
  REQUIRE(fixed);
  CHECK(fixed->service.model.latency.min_ms == 300);
  CHECK(fixed->service.model.latency.max_ms == 300);
}

TEST_CASE("bad flags are refused naming the flag") {
  for (auto args :
       std::vector<std::vector<std::string>>{{"--latency-ms", "9-3"},
                                             {"--latency-ms", "x"},
                                             {"--concurrency", "0"},
                                             {"--fail-rate", "1.5"},
                                             {"--fail-rate", "0.6", "--hang-rate", "0.6"},
                                             {"--bogus", "1"},
                                             {"--seed"}}) {
    auto o = with(args);
    REQUIRE_FALSE(o);
    CHECK(code_of(o.error()) == errc::invalid_argument);
  }
  CHECK_FALSE(parse_sim_options({"--data-dir", "/tmp/x"}));
  CHECK(parse_sim_options({"--help"})->help);
}
