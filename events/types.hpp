#pragma once
// Value types of the event store API. Plain data; safe to copy between threads.
#include "schemas/events.pb.h"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace colors::events {

// What the caller believes the stream's version to be.
struct expected_version {
  enum class kind : uint8_t { any, no_stream, exact };
  kind what = kind::any;
  uint64_t version = 0;

  static expected_version any() { return {kind::any, 0}; }
  static expected_version no_stream() { return {kind::no_stream, 0}; }
  static expected_version exactly(uint64_t v) { return {kind::exact, v}; }
  bool matches(uint64_t current) const;
  std::string describe() const;
};

// An event to append. `event_id` (16 bytes) makes re-appends idempotent; the writer assigns
// one when it is empty (then a retry is a new event).
struct new_event {
  std::string event_id;
  std::string type;
  uint32_t schema_version = 1;
  std::string payload;
  std::string correlation_id;
  std::string causation_id;
};

// Where an append landed. For an idempotent re-append: the original positions.
struct append_result {
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  uint64_t first_version = 0;
  uint64_t last_version = 0;
  bool duplicate = false;
};

using envelope = EventEnvelope;

// A batch of committed events, shared without copies between the writer and its subscribers.
using event_batch = std::shared_ptr<const std::vector<envelope>>;

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, expected_version& x) {
  return f(caf::meta::type_name("expected_version"), x.what, x.version);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, new_event& x) {
  return f(caf::meta::type_name("new_event"), x.event_id, x.type, x.schema_version, x.payload,
           x.correlation_id, x.causation_id);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, append_result& x) {
  return f(caf::meta::type_name("append_result"), x.first_seq, x.last_seq, x.first_version,
           x.last_version, x.duplicate);
}

} // namespace colors::events

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::events::event_batch)
