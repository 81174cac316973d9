#pragma once
// Message vocabulary of the supervision tree and the entity actors.
#include <caf/atom.hpp>

namespace colors::actors {

using child_up_atom = caf::atom_constant<caf::atom("child_up")>;
using restart_atom = caf::atom_constant<caf::atom("restart")>;
using inspect_atom = caf::atom_constant<caf::atom("inspect")>;
using queue_atom = caf::atom_constant<caf::atom("queue")>;
using command_atom = caf::atom_constant<caf::atom("command")>;
using query_atom = caf::atom_constant<caf::atom("query")>;
using passivate_atom = caf::atom_constant<caf::atom("passivate")>;
using idle_atom = caf::atom_constant<caf::atom("idle")>;
using overdue_atom = caf::atom_constant<caf::atom("overdue")>; // an append past its deadline
using recovered_atom = caf::atom_constant<caf::atom("recovered")>;
using recover_atom = caf::atom_constant<caf::atom("recover")>;
using loaded_atom = caf::atom_constant<caf::atom("loaded")>;
using remember_atom = caf::atom_constant<caf::atom("remember")>;

} // namespace colors::actors
