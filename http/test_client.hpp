#pragma once
// A blocking HTTP client for tests: every operation is bounded by a timeout.
// Not thread-safe; one client per test thread.
#include "http/types.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace colors::http::testing {

inline bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

class test_client {
public:
  explicit test_client(uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds{5})
    : stream_(ioc_), timeout_(timeout) {
    boost::asio::ip::tcp::endpoint ep{boost::asio::ip::make_address("127.0.0.1"), port};
    connect_error = run([&](auto done) { stream_.async_connect(ep, done); });
  }

  boost::beast::error_code send(request req) {
    req.prepare_payload();
    return run([&](auto done) { bhttp::async_write(stream_, req, done); });
  }

  boost::beast::error_code send_raw(const std::string& bytes) {
    return run(
      [&](auto done) { boost::asio::async_write(stream_, boost::asio::buffer(bytes), done); });
  }

  // The next response; `error` tells why there is none.
  response receive() {
    response res;
    error = run([&](auto done) { bhttp::async_read(stream_, buffer_, res, done); });
    return res;
  }

  response roundtrip(request req) {
    if ((error = send(std::move(req))))
      return {};
    return receive();
  }

  boost::beast::error_code connect_error;
  boost::beast::error_code error;

private:
  template <class Start>
  boost::beast::error_code run(Start start) {
    boost::beast::error_code result;
    stream_.expires_after(timeout_);
    start([&](boost::beast::error_code ec, auto&&...) { result = ec; });
    ioc_.restart();
    ioc_.run();
    return result;
  }

  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::chrono::milliseconds timeout_;
};

inline request make_request(verb method, std::string target, std::string body = {}) {
  request req{method, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  req.body() = std::move(body);
  return req;
}

} // namespace colors::http::testing
