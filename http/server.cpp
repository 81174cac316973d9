#include "http/server.hpp"

#include "http/address.hpp"
#include "http/listener.hpp"
#include "http/session.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <algorithm>
#include <exception>
#include <future>
#include <thread>
#include <vector>

namespace colors::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct server::impl {
  server_options opts;
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  std::shared_ptr<session_registry> registry = std::make_shared<session_registry>();
  std::shared_ptr<listener> accept;
  std::vector<std::thread> threads;
  bool stopped = false;

  explicit impl(server_options o) : opts(std::move(o)), ioc(static_cast<int>(opts.io_threads)) {
  }
};

namespace {

caf::expected<tcp::endpoint> resolve(asio::io_context& ioc, const listen_address& addr) {
  boost::system::error_code ec;
  tcp::resolver resolver{ioc};
  auto results = resolver.resolve(addr.host, std::to_string(addr.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty())
    return make_error(errc::invalid_argument, "cannot resolve listen host \"" + addr.host
                                                + "\": " + (ec ? ec.message() : "no address"));
  return results.begin()->endpoint();
}

// Handlers do not throw by contract; if one does, log it and keep the thread serving.
void run_io(asio::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      log(log_level::error, "I/O thread caught an exception", {{"error", e.what()}});
    }
  }
}

} // namespace

server::server(std::unique_ptr<impl> state) : impl_(std::move(state)) {
}

server::~server() {
  stop();
}

caf::expected<std::unique_ptr<server>> server::start(server_options opts,
                                                     std::shared_ptr<const router> routes) {
  if (opts.io_threads == 0)
    return make_error(errc::invalid_argument, "the server needs at least one I/O thread");
  auto addr = parse_listen_address(opts.listen);
  if (!addr)
    return addr.error();
  if (!opts.edge)
    opts.edge = std::make_shared<edge_policy>();
  auto st = std::make_unique<impl>(std::move(opts));
  auto where = resolve(st->ioc, *addr);
  if (!where)
    return where.error();
  st->accept =
    std::make_shared<listener>(st->ioc, std::move(routes), st->opts.limits, st->opts.edge,
                               st->registry);
  if (auto err = st->accept->open(*where))
    return err;
  st->accept->run();
  for (size_t i = 0; i < st->opts.io_threads; ++i)
    st->threads.emplace_back([ioc = &st->ioc] { run_io(*ioc); });
  return std::unique_ptr<server>{new server(std::move(st))};
}

uint16_t server::port() const {
  return impl_->accept->local_endpoint().port();
}

std::string server::address() const {
  auto ep = impl_->accept->local_endpoint();
  return to_string(listen_address{ep.address().to_string(), ep.port()});
}

void server::stop() {
  auto& st = *impl_;
  if (st.stopped)
    return;
  st.stopped = true;
  auto deadline = std::chrono::steady_clock::now() + st.opts.drain_timeout;
  st.accept->stop().wait_until(deadline);
  for (auto& s : st.registry->live())
    s->shutdown();
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
    deadline - std::chrono::steady_clock::now());
  if (!st.registry->wait_empty(std::max(left, std::chrono::milliseconds{0})))
    log(log_level::warn, "closing connections that did not finish in time",
        {{"connections", std::to_string(st.registry->size())}});
  st.work.reset();
  st.ioc.stop();
  for (auto& t : st.threads)
    t.join();
}

} // namespace colors::http
