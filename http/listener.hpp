#pragma once
// Accepts connections and starts one session per connection, each on its own strand.
//
// Thread-safety: the acceptor lives on its own strand; `run` and `stop` may be called from any
// thread. `local_endpoint` is fixed after `open` and safe to read from any thread.
#include "http/edge.hpp"
#include "http/limits.hpp"
#include "http/router.hpp"
#include "http/session_registry.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <caf/expected.hpp>

#include <future>
#include <memory>

namespace colors::http {

class listener : public std::enable_shared_from_this<listener> {
public:
  using tcp = boost::asio::ip::tcp;

  listener(boost::asio::io_context& ioc, std::shared_ptr<const router> routes,
           session_limits limits, std::shared_ptr<const edge_policy> edge,
           std::shared_ptr<session_registry> registry);

  [[nodiscard]] caf::error open(const tcp::endpoint& where);
  tcp::endpoint local_endpoint() const { return local_; }

  void run();
  // Closes the acceptor; the future is ready once no further session can start.
  std::future<void> stop();

private:
  void do_accept();
  void on_accept(boost::system::error_code ec, tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  std::shared_ptr<const router> router_;
  session_limits limits_;
  std::shared_ptr<const edge_policy> edge_;
  std::shared_ptr<session_registry> registry_;
  tcp::endpoint local_;
};

} // namespace colors::http
