#include "http/listener.hpp"

#include "http/session.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>

namespace colors::http {

namespace asio = boost::asio;

listener::listener(asio::io_context& ioc, std::shared_ptr<const router> routes,
                   session_limits limits, std::shared_ptr<const edge_policy> edge,
                   std::shared_ptr<session_registry> registry)
  : ioc_(ioc),
    strand_(asio::make_strand(ioc)),
    acceptor_(strand_),
    retry_(strand_),
    router_(std::move(routes)),
    limits_(limits),
    edge_(std::move(edge)),
    registry_(std::move(registry)) {
}

caf::error listener::open(const tcp::endpoint& where) {
  boost::system::error_code ec;
  auto step = [&](auto&& fn) {
    if (!ec)
      fn();
  };
  step([&] { acceptor_.open(where.protocol(), ec); });
  step([&] { acceptor_.set_option(asio::socket_base::reuse_address(true), ec); });
  step([&] { acceptor_.bind(where, ec); });
  step([&] { acceptor_.listen(asio::socket_base::max_listen_connections, ec); });
  step([&] { local_ = acceptor_.local_endpoint(ec); });
  if (ec)
    return make_error(errc::unavailable, "cannot listen on " + where.address().to_string() + ":"
                                           + std::to_string(where.port()) + ": " + ec.message());
  return {};
}

void listener::run() {
  asio::post(strand_, boost::beast::bind_front_handler(&listener::do_accept, shared_from_this()));
}

std::future<void> listener::stop() {
  auto done = std::make_shared<std::promise<void>>();
  auto result = done->get_future();
  asio::post(strand_, [self = shared_from_this(), done] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_.cancel();
    done->set_value();
  });
  return result;
}

void listener::do_accept() {
  if (!acceptor_.is_open())
    return;
  acceptor_.async_accept(
    asio::make_strand(ioc_),
    boost::beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open())
    return;
  if (!ec) {
    std::make_shared<session>(std::move(socket), router_, limits_, edge_, registry_)->run();
    return do_accept();
  }
  // E.g. out of file descriptors: back off instead of spinning.
  log(log_level::warn, "accept failed", {{"error", ec.message()}});
  retry_.expires_after(std::chrono::milliseconds{100});
  retry_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
    if (!wait_ec)
      self->do_accept();
  });
}

} // namespace colors::http
