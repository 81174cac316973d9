#pragma once
// Command-line flags of the `colors` server, with environment fallbacks. Pure.
#include <caf/expected.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace colors::app {

struct options {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  std::string kling = "sim"; // sim | real
  bool demo_data = false;
  size_t io_threads = 2;
  bool access_log = true; // one JSON line per request; --no-access-log for load tests
  bool help = false;
};

// Looks up an environment variable; nullopt when unset.
using env_fn = std::function<std::optional<std::string>(const char* name)>;

// The process environment.
std::optional<std::string> process_env(const char* name);

// Flags win over COLORS_LISTEN / COLORS_DATA_DIR, which win over the defaults.
[[nodiscard]] caf::expected<options> parse_options(const std::vector<std::string>& args,
                                                   const env_fn& env);

std::string usage();

} // namespace colors::app
