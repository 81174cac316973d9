#pragma once
// Remembered entities: ids that must keep working with no message arriving (a try-on task in
// flight). The registry of their type re-activates them when it starts. One key per id in the
// read model "remembered_<type>", written synced, so the set survives a crash.
//
// Thread-safety: as the store's; in practice called only by the registry of the type.
#include "events/store.hpp"

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include <string>
#include <vector>

namespace colors::actors {

[[nodiscard]] caf::error set_remembered(events::store& db, const std::string& type,
                                        const std::string& id, bool remembered);

[[nodiscard]] caf::expected<std::vector<std::string>> remembered_ids(events::store& db,
                                                                     const std::string& type);

} // namespace colors::actors
