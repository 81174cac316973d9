#pragma once
// Who is calling: what every route handler and WebSocket operation learns about the connection
// besides the request itself. Plain value; safe to copy to any thread.
#include <boost/asio/ip/address.hpp>

#include <string>

namespace colors::http {

struct call_info {
  // The TCP peer as text ("203.0.113.7", "2001:db8::1"); an IPv4-mapped IPv6 peer is shown as
  // IPv4 so that one client has one key. Empty when unknown (unit tests, fuzzing).
  std::string peer_ip;
  // The peer is 127.0.0.0/8 or ::1 (also IPv4-mapped). Unknown peers are not loopback, so
  // loopback-only checks deny by default.
  bool loopback = false;
  // The request's x-request-id (for a WebSocket, the upgrade request's).
  std::string request_id;
};

// The call_info for a connection from `peer`.
call_info call_info_for(const boost::asio::ip::address& peer, std::string request_id = {});

} // namespace colors::http
