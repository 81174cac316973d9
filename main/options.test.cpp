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

TEST_CASE("rate limits: defaults for every class, changed or removed by flag and environment") {
  auto defaults = parse({});
  REQUIRE(defaults);
  for (auto c : {"request", "login", "mutation", "tryon"})
    CHECK_MESSAGE(defaults->rate_limits.classes.count(c) == 1, c);
  CHECK_FALSE(defaults->rate_limit_loopback);

  auto opts = parse({"--rate-limit", "request=50/100,login=0.5/3", "--rate-limit=tryon=off",
                     "--rate-limit-loopback"},
                    {{"COLORS_RATE_LIMITS", "request=1/1, mutation=2/4"}});
  REQUIRE(opts);
  const auto& classes = opts->rate_limits.classes;
  CHECK(classes.at("request").per_second == 50);
  CHECK(classes.at("request").burst == 100);
  CHECK(classes.at("login").per_second == 0.5);
  CHECK(classes.at("mutation").burst == 4); // from the environment
  CHECK(classes.count("tryon") == 0);
  CHECK(opts->rate_limit_loopback);
}

TEST_CASE("bad rate limits are refused naming the flag") {
  for (auto bad : {"request", "request=", "request=5", "request=0/10", "request=5/0.5",
                   "request=x/1", "=1/1", "request=1/1/1"}) {
    auto opts = parse({"--rate-limit", bad});
    REQUIRE_MESSAGE(!opts, bad);
    CHECK(colors::message_of(opts.error()).find("--rate-limit") != std::string::npos);
  }
}

TEST_CASE("CORS origins come from a comma-separated list, lowercased and checked") {
  CHECK(parse({})->cors_origins.empty());
  auto opts = parse({"--cors-origins", "https://Shop.Example, http://localhost:5173"});
  REQUIRE(opts);
  CHECK(opts->cors_origins
        == std::vector<std::string>{"https://shop.example", "http://localhost:5173"});
  auto env = parse({}, {{"COLORS_CORS_ORIGINS", "https://a.example"}});
  REQUIRE(env);
  CHECK(env->cors_origins == std::vector<std::string>{"https://a.example"});
  CHECK(parse({"--cors-origins="}, {{"COLORS_CORS_ORIGINS", "https://a.example"}})
          ->cors_origins.empty());
  for (auto bad : {"*", "shop.example", "https://shop.example/", "https://shop.example/app",
                   "ftp://shop.example", "https://"}) {
    auto refused = parse({"--cors-origins", bad});
    REQUIRE_MESSAGE(!refused, bad);
    CHECK(colors::message_of(refused.error()).find("--cors-origins") != std::string::npos);
  }
}

TEST_CASE("upload limits have defaults and flags, and refuse nonsense") {
  auto defaults = parse({});
  REQUIRE(defaults);
  CHECK(defaults->upload_max_bytes == 15 * 1024 * 1024);
  CHECK(defaults->upload_max_pixels == 40'000'000);
  auto set = parse({"--upload-max-bytes", "2000000", "--upload-max-pixels=1000000"});
  REQUIRE(set);
  CHECK(set->upload_max_bytes == 2'000'000);
  CHECK(set->upload_max_pixels == 1'000'000);
  auto zero = parse({"--upload-max-bytes", "0"});
  REQUIRE_FALSE(zero);
  CHECK(colors::message_of(zero.error()).find("--upload-max-bytes") != std::string::npos);
  CHECK_FALSE(parse({"--upload-max-pixels=lots"}));
}

TEST_CASE("the try-on cache lasts 30 days unless --tryon-cache-ttl-s says otherwise (0: off)") {
  auto defaults = parse({});
  REQUIRE(defaults);
  CHECK(defaults->tryon_cache_ttl_s == 30 * 24 * 3600);
  auto off = parse({"--tryon-cache-ttl-s", "0"});
  REQUIRE(off);
  CHECK(off->tryon_cache_ttl_s == 0);
  CHECK_FALSE(parse({"--tryon-cache-ttl-s=-1"}));
}

TEST_CASE("--kling-concurrency takes accounts with up to 100,000 slots") {
  auto big = parse({"--kling-concurrency", "20000"});
  REQUIRE(big);
  CHECK(big->kling_concurrency == 20'000);
  CHECK_FALSE(parse({"--kling-concurrency", "100001"}));
  CHECK_FALSE(parse({"--kling-concurrency", "0"}));
}
