#pragma once
// Blocking helpers for code outside actors (tools, tests, benchmarks).
#include "events/writer.hpp"

#include <caf/scoped_actor.hpp>

namespace colors::events {

[[nodiscard]] caf::expected<append_result>
append_blocking(caf::scoped_actor& self, const caf::actor& writer, std::string stream,
                expected_version expected, std::vector<new_event> events);

// A new event with a fresh id.
new_event make_event(std::string type, std::string payload, uint32_t schema_version = 1);

} // namespace colors::events
