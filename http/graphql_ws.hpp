#pragma once
// The graphql-transport-ws protocol (the `graphql-ws` library's PROTOCOL.md) as a pure state
// machine: text frames in, text frames and close decisions out. No sockets, no timers: the
// WebSocket session feeds it and carries out what it returns.
//
// Thread-safety: none; one instance per connection, used on that connection's strand.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace colors::http::graphql_ws {

inline constexpr std::string_view subprotocol = "graphql-transport-ws";

// Close codes of the protocol.
enum class close_code : uint16_t {
  normal = 1000,
  going_away = 1001,
  policy_violation = 1008, // used for a send queue overflow (slow consumer)
  bad_request = 4400,
  unauthorized = 4401,
  forbidden = 4403,
  subprotocol_not_acceptable = 4406,
  init_timeout = 4408,
  duplicate_subscriber = 4409,
  too_many_init = 4429,
};

struct close_decision {
  close_code code;
  std::string reason; // at most 123 bytes: the WebSocket limit for a close reason
};

// A subscribe request for the application to run.
struct operation_request {
  std::string id;
  boost::json::object payload; // {query, operationName?, variables?, extensions?}
};

// What one incoming frame asks the session to do, in this order.
struct actions {
  std::vector<std::string> send;               // text frames to send
  std::optional<boost::json::object> authenticate; // connection_init payload to check
  std::optional<operation_request> start;      // a new operation to start
  std::optional<std::string> cancel;           // an operation the client completed
  std::optional<close_decision> close;         // close the connection (after sending)
};

class connection_state {
public:
  // One text frame from the client.
  actions on_text(std::string_view frame);
  // A binary frame: the protocol only speaks text.
  actions on_binary();
  // The application's answer to `authenticate`.
  actions on_authenticated(bool accepted, const boost::json::object& ack_payload = {});
  // The init wait ran out (the session's timer).
  actions on_init_timeout();

  // Results of a running operation. Frames for unknown (completed) ids are dropped.
  std::optional<std::string> next(const std::string& id, const boost::json::value& result);
  // The same with the result already serialized (one update fanned out to many subscribers).
  std::optional<std::string> next_text(const std::string& id, std::string_view result_json);
  std::optional<std::string> error(const std::string& id, const boost::json::array& errors);
  std::optional<std::string> complete(const std::string& id);

  bool acknowledged() const { return acknowledged_; }
  size_t active_operations() const { return active_.size(); }

private:
  actions on_message(const boost::json::object& msg);
  actions on_init(const boost::json::object& msg);
  actions on_subscribe(const boost::json::object& msg);
  actions on_complete(const boost::json::object& msg);

  bool init_received_ = false;
  bool acknowledged_ = false;
  std::set<std::string, std::less<>> active_;
};

// `{"type":...}` frames; also used by tests.
std::string frame(std::string_view type, const std::string* id = nullptr,
                  const boost::json::value* payload = nullptr);

} // namespace colors::http::graphql_ws
