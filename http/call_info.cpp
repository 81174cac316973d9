#include "http/call_info.hpp"

namespace colors::http {

namespace {

// "::ffff:10.0.0.1" and "10.0.0.1" are the same client (dual-stack listeners report the first).
boost::asio::ip::address unmapped(const boost::asio::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  return a;
}

} // namespace

call_info call_info_for(const boost::asio::ip::address& peer, std::string request_id) {
  auto a = unmapped(peer);
  return call_info{a.to_string(), a.is_loopback(), std::move(request_id)};
}

} // namespace colors::http
