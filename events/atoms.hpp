#pragma once
// Message vocabulary of the event store actors.
#include <caf/atom.hpp>

namespace colors::events {

using append_atom = caf::atom_constant<caf::atom("append")>;
using flush_atom = caf::atom_constant<caf::atom("flush")>;
using subscribe_atom = caf::atom_constant<caf::atom("subscribe")>;
using committed_atom = caf::atom_constant<caf::atom("committed")>;
using events_atom = caf::atom_constant<caf::atom("events")>;
using pump_atom = caf::atom_constant<caf::atom("pump")>;
using synced_atom = caf::atom_constant<caf::atom("synced")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;

} // namespace colors::events
