#pragma once
// Asking an actor from outside any actor (an HTTP or GraphQL thread) without blocking: the reply,
// or the error, goes to `done`, called once on a CAF scheduler thread. Each ask is one
// short-lived actor, so no thread waits and no shared bridge actor becomes a bottleneck.
//
// Thread-safety: callable from any thread; `done` must be safe to call from another thread.
#include <caf/all.hpp>

#include <functional>

namespace colors::actors {

template <class R>
using ask_done = std::function<void(caf::expected<R>)>;

template <class R, class... Ts>
void ask(caf::actor_system& sys, const caf::actor& target, caf::timespan timeout,
         ask_done<R> done, Ts... message) {
  // The target travels as the spawn argument: CAF 0.17 mishandles a function actor spawned
  // without arguments.
  sys.spawn(
    [timeout, done = std::move(done), message...](caf::event_based_actor* self, caf::actor to) {
      self->request(to, timeout, message...)
        .then([=](R& reply) { done(std::move(reply)); },
              [=](caf::error& err) { done(std::move(err)); });
    },
    target);
}

} // namespace colors::actors
