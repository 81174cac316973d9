#pragma once
// The stable address of a supervised child.
//
// Callers never hold a child's own actor handle: the child is replaced on every restart, and
// CAF 0.17 drops a dead actor's outstanding response promises without an answer, so a caller
// waiting on one would hang. Instead each child has one proxy for the life of the tree. The
// proxy forwards every message to the current incarnation and remembers the requests in flight;
// when the incarnation goes down it answers each of them with `unavailable`. While the child is
// restarting the proxy holds new requests (at most `max_held`, past that `overloaded`) and
// forwards them to the next incarnation, so a caller waits for a restart only as long as its own
// request timeout. When the tree stops for good the proxy answers everything held with
// `unavailable` and exits.
//
// Protocol (from the owning supervisor only):
//   (child_up_atom, caf::actor incarnation)   the new incarnation to forward to
//   (queue_atom) -> uint64_t                  requests forwarded and not yet answered, plus
//                                             those held: the child's queue as callers see it
//   exit message                              fail what is held and quit
// Everything else is forwarded; asynchronous messages anonymously (their replies are dropped).
#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <string>

namespace colors::actors {

caf::actor spawn_child_proxy(caf::actor_system& sys, std::string child_name, size_t max_held);

} // namespace colors::actors
