#pragma once
// The HTTP server: a listener and a pool of I/O threads running one io_context.
//
// Thread-safety: `start` and `stop` are called by the owner (never from an I/O thread: `stop`
// waits for them). `port` and `address` are safe from any thread.
#include "http/edge.hpp"
#include "http/limits.hpp"
#include "http/router.hpp"

#include <caf/expected.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace colors::http {

struct server_options {
  std::string listen = "127.0.0.1:8080"; // port 0: the kernel picks one, see server::port()
  size_t io_threads = 2;
  session_limits limits;
  // Rate limits, CORS and security headers in front of every route; null: security headers
  // only (no limits, no cross-origin access).
  std::shared_ptr<const edge_policy> edge;
  // How long stop() lets requests in flight finish before it cuts the connections.
  std::chrono::milliseconds drain_timeout{10'000};
};

class server {
public:
  [[nodiscard]] static caf::expected<std::unique_ptr<server>>
  start(server_options opts, std::shared_ptr<const router> routes);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  uint16_t port() const;
  std::string address() const; // "host:port" as bound

  // Stops accepting, lets requests in flight finish (bounded), closes the rest. Idempotent.
  void stop();

private:
  struct impl;
  explicit server(std::unique_ptr<impl> state);
  std::unique_ptr<impl> impl_;
};

} // namespace colors::http
