#pragma once
// One graphql-transport-ws WebSocket connection: Beast I/O around graphql_ws::connection_state.
//
// Thread-safety: all state lives on the connection's strand. `run` and `shutdown` may be called
// from any thread. Results arrive through sinks from any thread and are posted to the strand.
// At most one write is in flight; frames wait in a bounded queue (a slow consumer is closed
// with 1008 instead of making the server grow).
#include "http/call_info.hpp"
#include "http/connection.hpp"
#include "http/graphql_ws.hpp"
#include "http/limits.hpp"
#include "http/session_registry.hpp"
#include "http/types.hpp"
#include "http/ws_operations.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <deque>
#include <map>
#include <memory>
#include <string>

namespace colors::http {

class ws_session : public connection, public std::enable_shared_from_this<ws_session> {
public:
  // `call` is the caller as the HTTP session saw the upgrade request.
  ws_session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<ws_operations> ops,
             session_limits limits, std::shared_ptr<session_registry> registry, call_info call);
  ~ws_session() override;

  // Completes the WebSocket handshake of `upgrade` and serves the connection.
  void run(request upgrade);
  void shutdown() override;

  // The connection's strand.
  boost::asio::any_io_executor executor() { return ws_.get_executor(); }

  // Called (on the strand) by the sinks of this connection's operations.
  void deliver_next(const std::string& id, boost::json::value result);
  void deliver_next_text(const std::string& id, std::string_view result_json);
  void deliver_end(const std::string& id, const boost::json::array* errors);

private:
  void on_accept(bool subprotocol_ok, boost::beast::error_code ec);
  void arm_init_timer();
  void do_read();
  void on_read(boost::beast::error_code ec, size_t bytes);
  void apply(graphql_ws::actions a);
  void authenticate(const boost::json::object& payload);
  void start_operation(graphql_ws::operation_request req);
  void cancel_operation(const std::string& id);
  void enqueue(std::string frame);
  void do_write();
  void on_write(boost::beast::error_code ec, size_t bytes);
  void close(graphql_ws::close_code code, std::string reason);
  void do_close();
  void cancel_all();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<ws_operations> ops_;
  session_limits limits_;
  std::shared_ptr<session_registry> registry_;
  call_info call_;
  std::shared_ptr<void> context_; // from authenticate: the connection's caller
  boost::asio::steady_timer init_timer_;
  graphql_ws::connection_state protocol_;
  std::map<std::string, std::shared_ptr<operation_handle>> operations_;
  std::deque<std::string> queue_;
  size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  std::optional<boost::beast::websocket::close_reason> close_reason_;
};

} // namespace colors::http
