#include "domain/counter.hpp"

#include "common/errc.hpp"
#include "events/client.hpp"

namespace colors::domain::counter {

caf::expected<std::vector<incremented>> decide(const state& s, const increment& cmd) {
  if (cmd.amount == 0)
    return make_error(errc::invalid_argument, "an increment must be at least 1");
  if (cmd.amount > max_value - s.value)
    return make_error(errc::invalid_argument, "the counter would pass its maximum");
  return std::vector<incremented>{incremented{cmd.amount}};
}

state evolve(state s, const incremented& ev) {
  s.value += ev.amount;
  return s;
}

events::new_event encode(const incremented& ev) {
  events::CounterIncremented msg;
  msg.set_amount(ev.amount);
  return events::make_event("colors.events.CounterIncremented", msg.SerializeAsString());
}

caf::expected<incremented> decode(const events::envelope& env) {
  events::CounterIncremented msg;
  if (env.type() != "colors.events.CounterIncremented" || !msg.ParseFromString(env.payload()))
    return make_error(errc::corrupt, "not a counter event: " + env.type() + " at version "
                                       + std::to_string(env.stream_version()));
  return incremented{msg.amount()};
}

std::string encode_state(const state& s) {
  events::CounterState msg;
  msg.set_value(s.value);
  return msg.SerializeAsString();
}

caf::expected<state> decode_state(const std::string& bytes) {
  events::CounterState msg;
  if (!msg.ParseFromString(bytes))
    return make_error(errc::corrupt, "counter snapshot does not decode");
  return state{msg.value()};
}

} // namespace colors::domain::counter
