#include "events/append_reply.hpp"

#include <caf/mailbox_element.hpp>
#include <caf/make_message.hpp>

namespace colors::events {

append_reply::append_reply(const caf::response_promise& promise)
  : source_(promise.source()), stages_(promise.stages()), id_(promise.id()) {}

// What caf::response_promise::deliver does, without the promise's owner: a promise delivers
// through its actor's execution context, which only that actor's thread may use.
void append_reply::deliver(const caf::expected<append_result>& answer) {
  auto msg = answer ? caf::make_message(*answer) : caf::make_message(answer.error());
  if (!stages_.empty()) {
    auto next = std::move(stages_.back());
    stages_.pop_back();
    next->enqueue(caf::make_mailbox_element(std::move(source_), id_, std::move(stages_),
                                            std::move(msg)),
                  nullptr);
    return;
  }
  if (source_) {
    source_->enqueue(nullptr, id_.response_id(), std::move(msg), nullptr);
    source_.reset();
  }
}

} // namespace colors::events
