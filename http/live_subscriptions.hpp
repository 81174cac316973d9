#pragma once
// Subscription operations served from live topics (projections/topic_hub.hpp).
//
// A root Subscription field with a `live_source` maps its arguments to a topic (a stream id) and
// can tell the field's current value. Identical subscriptions (same topic, document, operation,
// variables and viewer) form one group: for each committed event of the topic the group fetches
// the value once, executes the selection once, serializes it once and sends the same text to
// every member, so one update to 10,000 subscribers costs one execution, not 10,000.
//
// A group handles one update at a time; updates arriving meanwhile collapse into one more round.
// Members therefore see values in order and always get the newest one; an intermediate value
// may be skipped when updates come faster than they can be delivered. A new member first gets
// the current value on its own, then joins the group's deliveries (and gets one more round if
// an update slipped by while it was being served).
//
// Thread-safety: `start` and cancelling a handle may run on any thread. A group's state is
// under its mutex; sinks and sources are called without any lock held.
#include "http/ws_operations.hpp"

#include "events/types.hpp"
#include "graphql/engine.hpp"
#include "projections/topic_hub.hpp"

#include <caf/expected.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace colors::http {

struct live_source {
  // The topic these (coerced) arguments follow, or why not (bad input, not allowed).
  std::function<caf::expected<std::string>(const boost::json::object& args,
                                           const std::shared_ptr<void>& context)>
    topic;
  // The field's value now; `trigger` is the event that changed it (null for a first value).
  std::function<void(const std::string& topic, const events::envelope* trigger,
                     graphql::resolve_done done)>
    current;
  // Whether a value is the last one: the subscription completes after sending it. Optional.
  std::function<bool(const boost::json::value& value)> is_final;
  // Whether an event of the topic changes what subscribers see; others send nothing. Optional
  // (every event wakes the subscribers).
  std::function<bool(const events::envelope& event)> wakes;
};

struct live_options {
  // Results that may differ per viewer (field authorization) are grouped per viewer.
  std::function<std::string(const std::shared_ptr<void>& context)> viewer_key;
};

class live_subscriptions : public std::enable_shared_from_this<live_subscriptions> {
public:
  static std::shared_ptr<live_subscriptions>
  create(std::shared_ptr<const graphql::engine> engine, std::shared_ptr<projections::topic_hub> hub,
         std::map<std::string, live_source> sources, live_options opts = {});

  // Runs a prepared subscription: values go to `out` until it is cancelled, a final value was
  // sent, or the subscription is refused (then `out` gets `error`).
  std::shared_ptr<operation_handle> start(const graphql::prepared_operation& op,
                                          std::shared_ptr<void> context,
                                          std::shared_ptr<operation_sink> out);

  size_t groups() const;

  class group;

private:
  live_subscriptions() = default;
  std::shared_ptr<group> group_for(const std::string& key, const std::string& topic,
                                   const live_source& source, const graphql::prepared_operation& op,
                                   const graphql::selection& field, std::shared_ptr<void> context);
  void forget(const std::string& key, const group* g);

  std::shared_ptr<const graphql::engine> engine_;
  std::shared_ptr<projections::topic_hub> hub_;
  std::map<std::string, live_source> sources_;
  live_options opts_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::weak_ptr<group>> groups_;
};

} // namespace colors::http
