#include "http/address.hpp"

#include "common/errc.hpp"

#include <charconv>

namespace colors::http {

namespace {

caf::error bad(std::string_view text, std::string_view why) {
  return make_error(errc::invalid_argument,
                    "invalid listen address \"" + std::string{text} + "\": " + std::string{why});
}

std::string_view unbracket(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    return host.substr(1, host.size() - 2);
  return host;
}

} // namespace

caf::expected<listen_address> parse_listen_address(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return bad(text, "expected HOST:PORT");
  auto host = unbracket(text.substr(0, colon));
  auto port_text = text.substr(colon + 1);
  if (host.empty())
    return bad(text, "the host is empty");
  if (host.find(':') != std::string_view::npos && host.size() == colon)
    return bad(text, "put an IPv6 host in brackets, e.g. [::1]:8080");
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size()
      || port > 65535)
    return bad(text, "the port must be a number from 0 to 65535");
  return listen_address{std::string{host}, static_cast<uint16_t>(port)};
}

std::string to_string(const listen_address& addr) {
  auto port = std::to_string(addr.port);
  if (addr.host.find(':') != std::string::npos)
    return "[" + addr.host + "]:" + port;
  return addr.host + ":" + port;
}

} // namespace colors::http
