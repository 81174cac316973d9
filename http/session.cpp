#include "http/session.hpp"

#include "http/errors.hpp"
#include "http/observe.hpp"
#include "http/ws_session.hpp"

#include "common/metrics.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace colors::http {

namespace {

metrics::gauge& open_connections() {
  static auto& g = metrics::registry::global().get_gauge("colors_http_open_connections",
                                                         "Open HTTP connections.");
  return g;
}

} // namespace

session::session(tcp::socket&& socket, std::shared_ptr<const router> routes,
                 session_limits limits, std::shared_ptr<const edge_policy> edge,
                 std::shared_ptr<session_registry> registry)
  : stream_(std::move(socket)),
    router_(std::move(routes)),
    limits_(limits),
    edge_(std::move(edge)),
    registry_(std::move(registry)) {
  beast::error_code ec;
  auto peer = stream_.socket().remote_endpoint(ec);
  if (!ec) // else the peer already left: its requests fail anyway, and unknown is not loopback
    call_ = call_info_for(peer.address());
  open_connections().add(1);
}

session::~session() {
  open_connections().add(-1);
  registry_->remove(this);
}

void session::run() {
  registry_->add(shared_from_this());
  net::post(stream_.get_executor(),
            beast::bind_front_handler(&session::do_read, shared_from_this()));
}

void session::shutdown() {
  net::post(stream_.get_executor(),
            beast::bind_front_handler(&session::on_shutdown, shared_from_this()));
}

void session::on_shutdown() {
  draining_ = true;
  if (idle())
    stream_.cancel(); // the pending read ends with operation_aborted and the session with it
}

// Waiting for a request of which no byte has arrived yet.
bool session::idle() const {
  return reading_ && buffer_.size() == 0 && !parser_->got_some();
}

void session::do_read() {
  if (draining_)
    return linger_close();
  parser_.emplace();
  parser_->header_limit(limits_.header_limit);
  // Beast checks Content-Length (and sizes the body) when the header ends, before on_header:
  // until the path is known, the largest limit of any path applies.
  parser_->body_limit(limits_.largest_body_limit());
  reading_ = true;
  stream_.expires_after(limits_.read_timeout);
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&session::on_header, shared_from_this()));
}

// The body limit depends on the path (uploads take more), so it is set once the header is in.
void session::on_header(beast::error_code ec, size_t bytes) {
  if (ec)
    return on_read(ec, bytes);
  auto target = parser_->get().target();
  auto limit = limits_.body_limit_for({target.data(), target.size()});
  if (auto length = parser_->content_length(); length && *length > limit)
    return on_read(bhttp::error::body_limit, bytes);
  parser_->body_limit(limit); // counts down chunked and read-to-end bodies
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&session::on_read, shared_from_this()));
}

void session::on_read(beast::error_code ec, size_t) {
  reading_ = false;
  if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted
      || ec == beast::error::timeout)
    return; // nothing more to answer; the socket closes with the session
  if (ec)
    return reject(ec);
  handle_request();
}

// The request cannot be parsed or is too large: answer, then close (the stream is out of sync).
void session::reject(beast::error_code ec) {
  keep_alive_ = false;
  version_ = 11;
  auto res = rejection(ec);
  if (!res)
    return; // a socket error: nobody to answer
  // The fields read so far (all of them for a body too large): enough to answer an allowed
  // origin; a partial header at worst omits the CORS headers.
  decorate(*edge_, parser_->get(), *res);
  enqueue(std::make_shared<response>(std::move(*res)));
}

// The body limit of the path of the request being read (its header is in when the body is
// refused).
uint64_t session::body_limit_of_request() const {
  auto target = parser_->get().target();
  return limits_.body_limit_for({target.data(), target.size()});
}

std::optional<response> session::rejection(beast::error_code ec) const {
  if (ec == bhttp::error::body_limit)
    return error_response(status::payload_too_large, "PAYLOAD_TOO_LARGE",
                          "the request body is larger than " + std::to_string(body_limit_of_request())
                            + " bytes");
  if (ec == bhttp::error::header_limit)
    return error_response(status::payload_too_large, "PAYLOAD_TOO_LARGE",
                          "the request header is larger than "
                            + std::to_string(limits_.header_limit) + " bytes");
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category())
    return error_response(status::bad_request, "BAD_REQUEST", "malformed HTTP request");
  return std::nullopt;
}

// Edge checks (rate limit, CORS preflight) come first, for WebSocket upgrades too; every
// answer, early or routed, gets the edge headers, the trace headers, metrics and the log line.
void session::handle_request() {
  req_ = parser_->release();
  auto trace = trace_for(req_);
  call_.request_id = trace.request_id;
  version_ = req_.version();
  keep_alive_ = req_.keep_alive();
  auto target = req_.target();
  auto route = router_->route_of({target.data(), target.size()});
  // The first call answers and lets go of the session; further calls do nothing.
  reply_fn answer = [self = shared_from_this(), trace = std::move(trace),
                     route](response res) mutable {
    if (auto s = std::move(self)) {
      decorate(*s->edge_, s->req_, res);
      finish(s->req_, res, trace, route, s->limits_.access_log);
      s->reply(std::move(res));
    }
  };
  if (auto early = screen(*edge_, req_, call_, route))
    return answer(std::move(*early));
  if (upgrade_to_websocket())
    return;
  router_->dispatch(req_, call_, std::move(answer));
}

// A WebSocket upgrade on a WebSocket path hands the socket to a ws_session; this session ends.
bool session::upgrade_to_websocket() {
  if (!beast::websocket::is_upgrade(req_))
    return false;
  auto target = req_.target();
  auto ops = router_->websocket({target.data(), target.size()});
  if (!ops)
    return false;
  std::make_shared<ws_session>(stream_.release_socket(), std::move(ops), limits_, registry_, call_)
    ->run(std::move(req_));
  return true;
}

void session::reply(response res) {
  net::post(stream_.get_executor(),
            beast::bind_front_handler(&session::enqueue, shared_from_this(),
                                      std::make_shared<response>(std::move(res))));
}

void session::enqueue(std::shared_ptr<response> res) {
  queue_.push_back(std::move(res));
  if (queue_.size() == 1)
    do_write();
}

void session::do_write() {
  auto& res = *queue_.front();
  res.version(version_);
  res.keep_alive(keep_alive_ && !draining_);
  res.prepare_payload();
  stream_.expires_after(limits_.write_timeout);
  bhttp::async_write(stream_, res,
                     beast::bind_front_handler(&session::on_write, shared_from_this(),
                                               !res.keep_alive()));
}

void session::on_write(bool close, beast::error_code ec, size_t) {
  queue_.pop_front();
  if (ec)
    return;
  if (close)
    return linger_close();
  if (!queue_.empty())
    return do_write();
  do_read();
}

// Half-close, then drop whatever the client still sends (bounded in time and bytes) so that
// the kernel does not answer unread data with a reset that could destroy our response.
void session::linger_close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec)
    return;
  linger_left_ = limits_.linger_bytes;
  buffer_.consume(buffer_.size());
  stream_.expires_after(limits_.linger_timeout);
  discard({}, 0);
}

void session::discard(beast::error_code ec, size_t bytes) {
  buffer_.commit(bytes);
  buffer_.consume(buffer_.size());
  if (ec || bytes >= linger_left_)
    return;
  linger_left_ -= bytes;
  stream_.async_read_some(buffer_.prepare(4096),
                          beast::bind_front_handler(&session::discard, shared_from_this()));
}

} // namespace colors::http
