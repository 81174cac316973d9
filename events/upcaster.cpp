#include "events/upcaster.hpp"

#include "common/errc.hpp"

namespace colors::events {

void upcaster_registry::add(std::string type, uint32_t from_version, step fn) {
  steps_[{std::move(type), from_version}] = std::move(fn);
}

caf::error upcaster_registry::upcast(envelope& env) const {
  if (steps_.empty())
    return {};
  auto version = env.schema_version();
  std::string payload;
  bool changed = false;
  for (auto it = steps_.find(std::make_pair(env.type(), version)); it != steps_.end();
       it = steps_.find(std::make_pair(env.type(), version))) {
    auto next = it->second(changed ? std::string_view{payload} : std::string_view{env.payload()});
    if (!next)
      return make_error(errc::corrupt, "cannot upcast event " + std::to_string(env.global_seq())
                                         + " of type " + env.type() + " from schema version "
                                         + std::to_string(version) + ": " + message_of(next.error()));
    payload = std::move(*next);
    changed = true;
    ++version;
  }
  if (changed) {
    env.set_payload(std::move(payload));
    env.set_schema_version(version);
  }
  return {};
}

} // namespace colors::events
