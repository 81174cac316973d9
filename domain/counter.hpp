#pragma once
// A counter: the smallest aggregate, used by the entity actors' tests and benchmarks.
// Pure functions over plain structs; no actors, clocks or disks.
#include "events/types.hpp"

#include <caf/expected.hpp>
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace colors::domain::counter {

inline constexpr uint64_t max_value = 1'000'000'000;

struct state {
  uint64_t value = 0;
};

// Adds `amount` (1 or more) unless the total would pass `max_value`.
struct increment {
  uint64_t amount = 1;
};

struct incremented {
  uint64_t amount = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, increment& x) {
  return f(caf::meta::type_name("counter_increment"), x.amount);
}

// The events a command produces, or why it is refused (nothing changes then).
[[nodiscard]] caf::expected<std::vector<incremented>> decide(const state& s, const increment& cmd);

state evolve(state s, const incremented& ev);

// Stored forms: Protobuf, never CAF-serialized.
events::new_event encode(const incremented& ev);
[[nodiscard]] caf::expected<incremented> decode(const events::envelope& env);
std::string encode_state(const state& s);
[[nodiscard]] caf::expected<state> decode_state(const std::string& bytes);

// The aggregate as the generic entity actor (actors/entity.hpp) sees it.
struct aggregate {
  using state_type = state;
  using command_type = increment;
  using event_type = incremented;
  using reply_type = uint64_t; // the value after the command
  static constexpr const char* type = "counter";
  static constexpr const char* snapshot_type = "colors.events.CounterState";
  static constexpr uint32_t snapshot_schema = 1;

  static auto decide(const state& s, const increment& c) { return counter::decide(s, c); }
  static state evolve(state s, const incremented& e) { return counter::evolve(s, e); }
  static events::new_event encode(const incremented& e) { return counter::encode(e); }
  static auto decode(const events::envelope& env) { return counter::decode(env); }
  static std::string encode_state(const state& s) { return counter::encode_state(s); }
  static auto decode_state(const std::string& b) { return counter::decode_state(b); }
  static uint64_t reply(const state& s) { return s.value; }
};

} // namespace colors::domain::counter
