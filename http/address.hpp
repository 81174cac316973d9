#pragma once
// Listen addresses of the form "host:port" ("[::1]:8080" for IPv6). Pure; safe from any thread.
#include <caf/expected.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace colors::http {

struct listen_address {
  std::string host;
  uint16_t port = 0; // 0: the kernel picks a free port
};

[[nodiscard]] caf::expected<listen_address> parse_listen_address(std::string_view text);

// "host:port", with brackets around IPv6 hosts.
std::string to_string(const listen_address& addr);

} // namespace colors::http
