#include "domain/counter.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::domain;

TEST_CASE("an increment produces one event and evolving it adds the amount") {
  counter::state s{5};
  auto events = counter::decide(s, counter::increment{3});
  REQUIRE(events);
  REQUIRE(events->size() == 1);
  CHECK(counter::evolve(s, events->front()).value == 8);
}

TEST_CASE("a zero increment and an overflow are refused") {
  CHECK(code_of(counter::decide({}, counter::increment{0}).error()) == errc::invalid_argument);
  auto over = counter::decide(counter::state{counter::max_value}, counter::increment{1});
  CHECK(code_of(over.error()) == errc::invalid_argument);
}

TEST_CASE("events and state survive their stored forms") {
  auto ev = counter::encode(counter::incremented{7});
  events::envelope env;
  env.set_type(ev.type);
  env.set_payload(ev.payload);
  auto back = counter::decode(env);
  REQUIRE(back);
  CHECK(back->amount == 7);
  env.set_type("colors.events.Other");
  CHECK(code_of(counter::decode(env).error()) == errc::corrupt);
  auto st = counter::decode_state(counter::encode_state(counter::state{42}));
  REQUIRE(st);
  CHECK(st->value == 42);
}
