#pragma once
// The try-on backend of the server: with --kling=sim (the default) the Kling simulator runs
// inside the process on a loopback port, its tasks under <data-dir>/kling-sim (so a restart
// loses none), with keys derived from the data dir's secrets; with --kling=real the client talks
// to KLING_BASE_URL with KLING_ACCESS_KEY / KLING_SECRET_KEY. Either way the server uses the
// same client (tryon/kling_client.hpp) over real HTTP.
//
// Thread-safety: start and stop on the main thread.
#include "common/secrets.hpp"
#include "main/options.hpp"
#include "tryon/kling_client.hpp"

#include <caf/expected.hpp>

#include <memory>

namespace colors::kling_sim {
class sim_service;
}
namespace colors::http {
class server;
}

namespace colors::app {

struct kling_backend {
  std::shared_ptr<tryon::kling_client> client;
  std::shared_ptr<kling_sim::sim_service> sim;  // embedded simulator (--kling=sim)
  std::shared_ptr<http::server> sim_server;
  ~kling_backend();
  kling_backend() = default;
  kling_backend(kling_backend&&) = default;
  kling_backend& operator=(kling_backend&&) = default;
};

// Errors: invalid_argument when --kling=real lacks its keys; what the simulator or the client
// report when they cannot start.
[[nodiscard]] caf::expected<kling_backend> start_kling(const options& opts, const secrets& keys);

} // namespace colors::app
