#pragma once
// Where one append's answer goes. Taken from the request on the writer's thread, delivered from
// any thread: the WAL syncer answers the appends a sync covered without a hop back through the
// writer's mailbox (docs/event-store.md, "Pipelined sync").
#include "events/types.hpp"

#include <caf/expected.hpp>
#include <caf/message_id.hpp>
#include <caf/response_promise.hpp>
#include <caf/actor_control_block.hpp>

#include <vector>

namespace colors::events {

class append_reply {
public:
  // The reply address of the request `promise` answers (its source, forwarding stages, id).
  explicit append_reply(const caf::response_promise& promise);

  // Sends the answer; a second call does nothing. Any thread: the message goes straight into
  // the receiver's mailbox, with no sender, as a response to the request.
  void deliver(const caf::expected<append_result>& answer);

private:
  caf::strong_actor_ptr source_;
  std::vector<caf::strong_actor_ptr> stages_;
  caf::message_id id_;
};

} // namespace colors::events
