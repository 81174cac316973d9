// libFuzzer target: arbitrary bytes as an HTTP/1.1 request through the server's request path:
// the Beast parser with the server's limits, then trace-context parsing, routing and the
// response bookkeeping. A crash, a sanitizer report or a hang is a bug.
#include "http/health.hpp"
#include "http/limits.hpp"
#include "http/observe.hpp"
#include "http/router.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>

using namespace colors::http;

namespace {

const router& routes() {
  static const auto r = [] {
    auto out = std::make_shared<router>();
    add_health_routes(*out, [] { return std::vector<readiness_check>{{"store", true, "open"}}; });
    return out;
  }();
  return *r;
}

void answer(const request& req) {
  auto trace = trace_for(req);
  auto target = req.target();
  auto route = routes().route_of({target.data(), target.size()});
  routes().dispatch(req, [&](response res) { finish(req, res, trace, route, false); });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  session_limits limits;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(limits.header_limit);
  parser.body_limit(limits.body_limit);
  parser.eager(true);
  boost::asio::const_buffer input{data, size};
  boost::beast::error_code ec;
  while (input.size() > 0 && !parser.is_done()) {
    auto used = parser.put(input, ec);
    if (ec == bhttp::error::need_more)
      break;
    if (ec)
      return 0;
    input += used;
    if (used == 0)
      break;
  }
  if (parser.is_done())
    answer(parser.get());
  return 0;
}
