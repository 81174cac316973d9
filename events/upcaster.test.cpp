#include "events/upcaster.hpp"
#include "events/test_support.hpp"
#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::events;
using namespace colors::events::testing;

namespace {

// The real v1 -> v2 change of the test event: `name` split into first and last name.
caf::expected<std::string> renamed_v1_to_v2(std::string_view bytes) {
  TestRenamedV1 v1;
  if (!v1.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return make_error(errc::corrupt, "not a TestRenamed v1 payload");
  TestRenamed v2;
  auto space = v1.name().find(' ');
  v2.set_first_name(v1.name().substr(0, space));
  if (space != std::string::npos)
    v2.set_last_name(v1.name().substr(space + 1));
  return v2.SerializeAsString();
}

std::shared_ptr<upcaster_registry> registry() {
  auto reg = std::make_shared<upcaster_registry>();
  reg->add("colors.events.TestRenamed", 1, renamed_v1_to_v2);
  return reg;
}

new_event renamed_v1(const std::string& name) {
  TestRenamedV1 v1;
  v1.set_name(name);
  return make_event("colors.events.TestRenamed", v1.SerializeAsString(), 1);
}

} // namespace

TEST_CASE("events written at schema v1 are read as v2 through the upcaster chain") {
  temp_dir dir;
  {
    auto db = open_store(dir.path()); // the old code: no upcasters
    append_request req{"user-1", expected_version::any(), {renamed_v1("Ada Lovelace")}};
    req.events.push_back(test_event());
    REQUIRE(commit_one(*db, std::move(req)));
  }
  store_options opts;
  opts.upcasters = registry();
  auto db = open_store(dir.path(), opts);

  auto read = db->read_stream("user-1", 1, 10);
  REQUIRE(read);
  REQUIRE(read->size() == 2);
  const auto& env = read->front();
  CHECK(env.schema_version() == 2);
  TestRenamed v2;
  REQUIRE(v2.ParseFromString(env.payload()));
  CHECK(v2.first_name() == "Ada");
  CHECK(v2.last_name() == "Lovelace");
  CHECK((*read)[1].schema_version() == 1); // no chain for this type: unchanged

  auto all = db->read_all(1, 10);
  REQUIRE(all);
  CHECK(all->front().schema_version() == 2);
}

TEST_CASE("an event already at the current version is left alone") {
  upcaster_registry reg;
  reg.add("colors.events.TestRenamed", 1, renamed_v1_to_v2);
  envelope env;
  env.set_type("colors.events.TestRenamed");
  env.set_schema_version(2);
  env.set_payload("unchanged");
  CHECK_FALSE(reg.upcast(env));
  CHECK(env.payload() == "unchanged");
}

TEST_CASE("a chain of several steps runs in order") {
  upcaster_registry reg;
  reg.add("t", 1, [](std::string_view p) -> caf::expected<std::string> { return std::string{p} + "+2"; });
  reg.add("t", 2, [](std::string_view p) -> caf::expected<std::string> { return std::string{p} + "+3"; });
  envelope env;
  env.set_type("t");
  env.set_schema_version(1);
  env.set_payload("v1");
  CHECK_FALSE(reg.upcast(env));
  CHECK(env.payload() == "v1+2+3");
  CHECK(env.schema_version() == 3);
}

TEST_CASE("a payload the upcaster cannot read is a corrupt error naming the event") {
  temp_dir dir;
  store_options opts;
  opts.upcasters = registry();
  auto db = open_store(dir.path(), opts);
  append_request req{"user-2", expected_version::any(),
                     {make_event("colors.events.TestRenamed", "\xff\xff\xff", 1)}};
  REQUIRE(commit_one(*db, std::move(req)));
  auto read = db->read_all(1, 10);
  REQUIRE_FALSE(read);
  CHECK(code_of(read.error()) == errc::corrupt);
  CHECK(message_of(read.error()).find("event 1") != std::string::npos);
}
