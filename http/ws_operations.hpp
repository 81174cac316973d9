#pragma once
// What a graphql-transport-ws connection needs from the application (the GraphQL layer
// implements it): checking connection_init, and running subscribe operations.
//
// Thread-safety: called on the connection's strand; the callbacks and sinks it hands out may
// be used from any thread (they post back to the strand and outlive a closed connection
// harmlessly: fan-out holds only weak references to the connection).
#include "http/call_info.hpp"
#include "http/graphql_ws.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <boost/json/parse.hpp>

#include <functional>
#include <string>
#include <memory>

namespace colors::http {

// Where one operation's results go.
class operation_sink {
public:
  virtual ~operation_sink() = default;
  virtual void next(boost::json::value result) = 0;
  // A result already serialized as JSON text, shared by every subscriber of one update.
  virtual void next_text(std::shared_ptr<const std::string> result_json) {
    next(boost::json::parse(*result_json));
  }
  virtual void error(boost::json::array errors) = 0; // ends the operation
  virtual void complete() = 0;                        // ends the operation
};

// A running operation; `cancel` when the client completes it or the connection closes.
class operation_handle {
public:
  virtual ~operation_handle() = default;
  virtual void cancel() = 0;
};

class ws_operations {
public:
  // `context` (e.g. the authenticated caller) is kept by the connection and handed to `start`.
  using auth_done = std::function<void(bool accepted, boost::json::object ack_payload,
                                       std::shared_ptr<void> context)>;
  virtual ~ws_operations() = default;
  // Decides on the connection_init payload (e.g. checks its token); answers through `done`.
  // `call` is the connection's caller (peer address, the upgrade request's id).
  virtual void authenticate(const call_info& call, const boost::json::object& init_payload,
                            auth_done done) = 0;
  // Starts a subscribe request; results go to `out` until error or complete. `call` is the same
  // connection's caller as in `authenticate`, `context` what authenticate answered with.
  virtual std::shared_ptr<operation_handle> start(const call_info& call,
                                                  const std::shared_ptr<void>& context,
                                                  graphql_ws::operation_request request,
                                                  std::shared_ptr<operation_sink> out) = 0;
};

} // namespace colors::http
