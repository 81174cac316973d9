#pragma once
// The `kling_sim` binary's flags. Pure; thread-safe.
#include "kling_sim/sim_service.hpp"

#include <caf/expected.hpp>

#include <string>
#include <vector>

namespace colors::kling_sim {

struct sim_options {
  std::string listen = "127.0.0.1:0";
  service_options service;
  size_t io_threads = 2;
  bool help = false;
};

// invalid_argument naming the flag for anything unknown, missing or out of range.
// --data-dir, --access-key and --secret-key are required (unless --help).
[[nodiscard]] caf::expected<sim_options> parse_sim_options(const std::vector<std::string>& args);

std::string sim_usage();

} // namespace colors::kling_sim
