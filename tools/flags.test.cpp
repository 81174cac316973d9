#include "tools/flags.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::tools;

namespace {

const flag_spec specs[] = {
  {"data-dir", "DIR", "data", true},
  {"from", "SEQ", "first"},
  {"json", "", "as JSON"},
};

caf::expected<parsed_flags> parse(std::vector<std::string_view> args) {
  return parse_flags(args, specs);
}

std::string error_of(std::vector<std::string_view> args) {
  auto r = parse(std::move(args));
  return r ? std::string{"<ok>"} : message_of(r.error());
}

} // namespace

TEST_CASE("flags take values as separate words or after '='") {
  auto r = parse({"--data-dir", "/d", "--from=5", "--json"});
  REQUIRE(r);
  CHECK(r->get("data-dir") == "/d");
  CHECK(r->get_u64("from", 1).value() == 5);
  CHECK(r->has("json"));
  CHECK_FALSE(r->help);
}

TEST_CASE("absent flags read as absent or as the fallback") {
  auto r = parse({"--data-dir=/d"});
  REQUIRE(r);
  CHECK_FALSE(r->has("json"));
  CHECK_FALSE(r->get("from").has_value());
  CHECK(r->get_u64("from", 1).value() == 1);
}

TEST_CASE("mistakes are reported with the flag's name") {
  CHECK(error_of({"--data-dir", "/d", "--bogus"}) == "unknown flag --bogus");
  CHECK(error_of({"--data-dir"}) == "--data-dir needs a value (DIR)");
  CHECK(error_of({"--from", "1"}) == "--data-dir is required");
  CHECK(error_of({"--data-dir", "/d", "stray"}) == "unexpected argument 'stray'");
  CHECK(error_of({"--data-dir", "/d", "--json=yes"}) == "--json takes no value");
  CHECK(error_of({"--data-dir", "/a", "--data-dir", "/b"}) == "--data-dir is given twice");
}

TEST_CASE("numbers must be whole and non-negative") {
  for (auto bad : {"-1", "5x", "", "1.5", "99999999999999999999"}) {
    auto r = parse({"--data-dir", "/d", "--from", bad});
    REQUIRE(r);
    CHECK_FALSE(r->get_u64("from", 1));
  }
}

TEST_CASE("--help stops parsing: required and later flags are not checked") {
  auto r = parse({"--bogus", "-h"});
  CHECK_FALSE(r); // flags before --help are still checked
  auto h = parse({"--help", "--bogus"});
  REQUIRE(h);
  CHECK(h->help);
}

TEST_CASE("the flag description lists every flag") {
  auto text = describe_flags(specs);
  CHECK(text.find("--data-dir DIR") != std::string::npos);
  CHECK(text.find("(required)") != std::string::npos);
  CHECK(text.find("--json") != std::string::npos);
}
