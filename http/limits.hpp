#pragma once
// Per-connection limits. Plain values, copied into every session.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace colors::http {

struct session_limits {
  // The whole request (header and body) must arrive within this; also the keep-alive idle time.
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  uint32_t header_limit = 16 * 1024;
  uint64_t body_limit = 1024 * 1024;
  // Paths whose bodies may be larger or must be smaller (e.g. "/uploads"), exact match.
  std::map<std::string, uint64_t, std::less<>> body_limit_by_path;
  // After an error response we read and drop what the client still sends, so that closing
  // does not reset the connection before the client has read the response.
  std::chrono::milliseconds linger_timeout{2'000};
  uint64_t linger_bytes = 1024 * 1024;
  // WebSocket: time to send connection_init, and the per-connection send queue bound.
  std::chrono::milliseconds ws_init_timeout{3'000};
  size_t ws_max_queued_frames = 1024;
  size_t ws_max_queued_bytes = 4 * 1024 * 1024;
  uint64_t ws_max_message = 1024 * 1024;
  // One JSON log line per answered request (off for load tests).
  bool access_log = true;

  // The body limit of a request target (its path, without the query string).
  uint64_t body_limit_for(std::string_view target) const {
    auto it = body_limit_by_path.find(target.substr(0, target.find('?')));
    return it == body_limit_by_path.end() ? body_limit : it->second;
  }

  // The largest body limit of any path.
  uint64_t largest_body_limit() const {
    uint64_t most = body_limit;
    for (const auto& [path, limit] : body_limit_by_path)
      most = std::max(most, limit);
    return most;
  }
};

} // namespace colors::http
