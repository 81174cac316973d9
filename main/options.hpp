#pragma once
// Command-line flags of the `colors` server, with environment fallbacks. Pure.
#include "http/rate_limiter.hpp"

#include <caf/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colors::app {

struct options {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  std::string kling = "sim"; // sim | real
  // --kling=real: where Kling is (KLING_BASE_URL); the keys come from KLING_ACCESS_KEY and
  // KLING_SECRET_KEY at start and are never part of the options (they are logged).
  std::string kling_base_url = "https://api-singapore.klingai.com";
  size_t kling_concurrency = 5;      // Kling tasks running at once (the account's limit)
  int64_t sim_latency_min_ms = 3000; // of the embedded simulator (--sim-latency-ms)
  int64_t sim_latency_max_ms = 8000;
  int64_t kling_poll_min_ms = 2000;  // first poll of a Kling task (callbacks usually win)
  int64_t kling_poll_max_ms = 15000; // polls back off up to this
  uint64_t tryon_daily_quota = 50;   // try-ons a user may start per UTC day
  uint64_t tryon_submit_window = 256; // Kling creates built and awaiting their answer at once
  // How long a result answers the same try-on again (--tryon-cache-ttl-s; 0: never).
  uint64_t tryon_cache_ttl_s = 30 * 24 * 3600;
  // The address Kling calls back (COLORS_PUBLIC_URL); empty: http://<bound address>.
  std::string public_url;
  bool demo_data = false;
  uint64_t demo_products = 240; // of the demo catalog (--demo-products)
  size_t io_threads = 2;
  bool access_log = true; // one JSON line per request; --no-access-log for load tests
  // Token buckets per operation class (--rate-limit / COLORS_RATE_LIMITS).
  http::rate_limiter_options rate_limits = http::default_rate_limits();
  // Apply the per-IP "request" class to loopback peers too (off: local tools and load tests).
  bool rate_limit_loopback = false;
  // Browser origins allowed to call the API cross-origin (--cors-origins / COLORS_CORS_ORIGINS).
  std::vector<std::string> cors_origins;
  // Image uploads (POST /uploads): the largest body and the most pixels (width x height, read
  // from the image header before decoding) accepted.
  uint64_t upload_max_bytes = 15 * 1024 * 1024;
  uint64_t upload_max_pixels = 40'000'000;
  bool help = false;
};

// Looks up an environment variable; nullopt when unset.
using env_fn = std::function<std::optional<std::string>(const char* name)>;

// The process environment.
std::optional<std::string> process_env(const char* name);

// Flags win over COLORS_LISTEN / COLORS_DATA_DIR / COLORS_RATE_LIMITS / COLORS_CORS_ORIGINS,
// which win over the defaults.
[[nodiscard]] caf::expected<options> parse_options(const std::vector<std::string>& args,
                                                   const env_fn& env);

std::string usage();

// "request=50/100,login=0.2/10,tryon=off": each item sets (or with "off" removes) one class
// in `limits`, 50 per second with bursts of 100. Classes not named keep their setting.
[[nodiscard]] caf::error parse_rate_limits(std::string_view text,
                                           http::rate_limiter_options& limits);

// "https://a.example,https://b.example:8443": exact origins (scheme, host, optional port; no
// path), lowercased. Empty text: none.
[[nodiscard]] caf::expected<std::vector<std::string>> parse_origins(std::string_view text);

} // namespace colors::app
