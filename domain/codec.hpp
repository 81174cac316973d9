#pragma once
// The stored form of aggregates whose events and state are single Protobuf messages: one event
// type name per aggregate, the message's bytes as payload, and the state as the snapshot.
#include "common/errc.hpp"
#include "events/client.hpp"

#include <caf/expected.hpp>

#include <string>

namespace colors::domain {

template <class Message>
events::new_event encode_message(const char* type, const Message& m) {
  return events::make_event(type, m.SerializeAsString());
}

// `what` names the aggregate in the error ("user", "product").
template <class Message>
caf::expected<Message> decode_event(const events::envelope& env, const char* type,
                                    const char* what) {
  Message m;
  if (env.type() == type && m.ParseFromString(env.payload()))
    return m;
  std::string why = "not a ";
  why.append(what).append(" event: ").append(env.type()).append(" at version ");
  why.append(std::to_string(env.stream_version()));
  return make_error(errc::corrupt, std::move(why));
}

template <class Message>
caf::expected<Message> decode_snapshot(const std::string& bytes, const char* what) {
  Message m;
  if (m.ParseFromString(bytes))
    return m;
  std::string why = what;
  why.append(" snapshot does not decode");
  return make_error(errc::corrupt, std::move(why));
}

} // namespace colors::domain
