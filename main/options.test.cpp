#include "main/options.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace colors::app;

namespace {

env_fn env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    if (auto it = vars.find(name); it != vars.end())
      return it->second;
    return std::nullopt;
  };
}

caf::expected<options> parse(std::vector<std::string> args,
                             std::map<std::string, std::string> env = {}) {
  return parse_options(args, env_of(std::move(env)));
}

} // namespace

TEST_CASE("without flags the defaults apply") {
  auto opts = parse({});
  REQUIRE(opts);
  CHECK(opts->listen == "127.0.0.1:8080");
  CHECK(opts->data_dir == "./data");
  CHECK(opts->kling == "sim");
  CHECK(!opts->demo_data);
  CHECK(opts->io_threads == 2);
}

TEST_CASE("flags take values after '=' or as the next argument") {
  auto opts = parse({"--listen", "0.0.0.0:9000", "--data-dir=/tmp/x", "--kling=real",
                     "--demo-data", "--io-threads", "4"});
  REQUIRE(opts);
  CHECK(opts->listen == "0.0.0.0:9000");
  CHECK(opts->data_dir == "/tmp/x");
  CHECK(opts->kling == "real");
  CHECK(opts->demo_data);
  CHECK(opts->io_threads == 4);
}

TEST_CASE("environment variables are fallbacks that flags override") {
  std::map<std::string, std::string> env{{"COLORS_LISTEN", "127.0.0.1:1"},
                                         {"COLORS_DATA_DIR", "/env/dir"}};
  auto from_env = parse({}, env);
  REQUIRE(from_env);
  CHECK(from_env->listen == "127.0.0.1:1");
  CHECK(from_env->data_dir == "/env/dir");
  auto from_flag = parse({"--data-dir", "/flag/dir"}, env);
  REQUIRE(from_flag);
  CHECK(from_flag->data_dir == "/flag/dir");
}

TEST_CASE("bad flags are rejected with a message naming them") {
  auto message = [](std::vector<std::string> args) {
    auto opts = parse(std::move(args));
    REQUIRE(!opts);
    return colors::message_of(opts.error());
  };
  CHECK(message({"--bogus"}).find("--bogus") != std::string::npos);
  CHECK(message({"--kling=maybe"}).find("--kling") != std::string::npos);
  CHECK(message({"--io-threads", "0"}).find("--io-threads") != std::string::npos);
  CHECK(message({"--io-threads=lots"}).find("--io-threads") != std::string::npos);
  CHECK(message({"--listen", "nowhere"}).find("nowhere") != std::string::npos);
  CHECK(message({"--data-dir"}).find("needs a value") != std::string::npos);
  CHECK(message({"--demo-data=yes"}).find("takes no value") != std::string::npos);
  CHECK(message({"stray"}).find("stray") != std::string::npos);
}

TEST_CASE("--help wins over other problems") {
  auto opts = parse({"--kling=maybe", "--help"});
  REQUIRE(opts);
  CHECK(opts->help);
}

TEST_CASE("--no-access-log turns the per-request log line off") {
  auto opts = parse_options({"--no-access-log"}, [](const char*) { return std::nullopt; });
  REQUIRE(opts);
  CHECK_FALSE(opts->access_log);
  auto defaults = parse_options({}, [](const char*) { return std::nullopt; });
  REQUIRE(defaults);
  CHECK(defaults->access_log);
}
