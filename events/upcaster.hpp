#pragma once
// Upcasting: stored events keep the schema version they were written with; readers see the
// current one. Each step turns (type, n) into (type, n + 1). Registered before the store opens,
// read-only afterwards, so concurrent reads need no lock.
#include "events/types.hpp"

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace colors::events {

class upcaster_registry {
public:
  using step = std::function<caf::expected<std::string>(std::string_view payload)>;

  // Registers the step from `from_version` to `from_version + 1` of `type`.
  void add(std::string type, uint32_t from_version, step fn);

  bool empty() const { return steps_.empty(); }

  // Brings `env` to the newest version its chain reaches. A failing step is a corrupt error
  // naming the event; the envelope is then left unchanged.
  [[nodiscard]] caf::error upcast(envelope& env) const;

private:
  std::map<std::pair<std::string, uint32_t>, step, std::less<>> steps_;
};

} // namespace colors::events
