#include "events/client.hpp"

#include "common/ids.hpp"

#include <caf/all.hpp>

namespace colors::events {

caf::expected<append_result> append_blocking(caf::scoped_actor& self, const caf::actor& writer,
                                             std::string stream, expected_version expected,
                                             std::vector<new_event> events) {
  caf::expected<append_result> out{append_result{}};
  self->request(writer, caf::infinite, append_atom::value, std::move(stream), expected,
                std::move(events))
    .receive([&](append_result& res) { out = res; }, [&](caf::error& err) { out = err; });
  return out;
}

new_event make_event(std::string type, std::string payload, uint32_t schema_version) {
  new_event ev;
  ev.event_id = new_uuid();
  ev.type = std::move(type);
  ev.payload = std::move(payload);
  ev.schema_version = schema_version;
  return ev;
}

} // namespace colors::events
