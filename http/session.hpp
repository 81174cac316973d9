#pragma once
// One HTTP/1.1 connection: read a request, route it, write the response, repeat (keep-alive).
//
// Thread-safety: all state lives on the connection's strand. `run`, `shutdown` and the reply
// callback handed to handlers may be called from any thread; they post to the strand.
// At most one write is in flight; responses wait in a queue.
#include "http/connection.hpp"
#include "http/edge.hpp"
#include "http/limits.hpp"
#include "http/router.hpp"
#include "http/session_registry.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <deque>
#include <memory>
#include <optional>

namespace colors::http {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

class session : public connection, public std::enable_shared_from_this<session> {
public:
  session(tcp::socket&& socket, std::shared_ptr<const router> routes, session_limits limits,
          std::shared_ptr<const edge_policy> edge, std::shared_ptr<session_registry> registry);
  ~session();

  void run();
  // Graceful: an idle connection closes now, a request in flight is answered first.
  void shutdown() override;

private:
  void do_read();
  void on_header(beast::error_code ec, size_t bytes);
  void on_read(beast::error_code ec, size_t bytes);
  void reject(beast::error_code ec);
  std::optional<response> rejection(beast::error_code ec) const;
  uint64_t body_limit_of_request() const;
  void handle_request();
  bool upgrade_to_websocket();
  void reply(response res);
  void enqueue(std::shared_ptr<response> res);
  void do_write();
  void on_write(bool close, beast::error_code ec, size_t bytes);
  void on_shutdown();
  bool idle() const;
  void linger_close();
  void discard(beast::error_code ec, size_t bytes);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<const router> router_;
  session_limits limits_;
  std::shared_ptr<const edge_policy> edge_;
  std::shared_ptr<session_registry> registry_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  request req_;
  call_info call_; // the peer is fixed per connection; the request id changes per request
  std::deque<std::shared_ptr<response>> queue_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool reading_ = false;
  bool draining_ = false;
  uint64_t linger_left_ = 0;
};

} // namespace colors::http
