#include "http/ws_session.hpp"

#include "http/edge.hpp"

#include "common/log.hpp"
#include "common/metrics.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace colors::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using graphql_ws::close_code;

namespace {

metrics::gauge& open_websockets() {
  static auto& g = metrics::registry::global().get_gauge(
    "colors_ws_connections", "Open graphql-transport-ws connections.");
  return g;
}

metrics::gauge& active_subscriptions() {
  static auto& g = metrics::registry::global().get_gauge(
    "colors_ws_subscriptions", "Running subscribe operations over WebSocket.");
  return g;
}

// True when the client offered graphql-transport-ws among its subprotocols.
bool offers_subprotocol(const request& req) {
  auto offered = req[bhttp::field::sec_websocket_protocol];
  std::string_view list{offered.data(), offered.size()};
  for (size_t pos = 0; pos < list.size();) {
    auto end = list.find(',', pos);
    auto item = list.substr(pos, end == std::string_view::npos ? end : end - pos);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    if (item == graphql_ws::subprotocol)
      return true;
    if (end == std::string_view::npos)
      break;
    pos = end + 1;
  }
  return false;
}

// Delivers one operation's results to its connection, if the connection is still there.
class session_sink : public operation_sink {
public:
  session_sink(std::weak_ptr<ws_session> session, std::string id)
    : session_(std::move(session)), id_(std::move(id)) {}

  void next(json::value result) override {
    post([id = id_, result = std::move(result)](ws_session& s) mutable {
      s.deliver_next(id, std::move(result));
    });
  }
  void next_text(std::shared_ptr<const std::string> result_json) override {
    post([id = id_, text = std::move(result_json)](ws_session& s) { s.deliver_next_text(id, *text); });
  }
  void error(json::array errors) override {
    post([id = id_, errors = std::move(errors)](ws_session& s) { s.deliver_end(id, &errors); });
  }
  void complete() override {
    post([id = id_](ws_session& s) { s.deliver_end(id, nullptr); });
  }

private:
  // Posts only while the connection lives, on its own strand. The sink keeps no executor: it may
  // outlive the server, and an executor must not outlive its io_context.
  template <class F>
  void post(F f) {
    if (auto s = session_.lock())
      net::post(s->executor(), [s, f = std::move(f)]() mutable { f(*s); });
  }

  std::weak_ptr<ws_session> session_;
  std::string id_;
};

} // namespace

ws_session::ws_session(net::ip::tcp::socket&& socket, std::shared_ptr<ws_operations> ops,
                       session_limits limits, std::shared_ptr<session_registry> registry,
                       call_info call)
  : ws_(std::move(socket)),
    ops_(std::move(ops)),
    limits_(limits),
    registry_(std::move(registry)),
    call_(std::move(call)),
    init_timer_(ws_.get_executor()) {
  open_websockets().add(1);
}

ws_session::~ws_session() {
  open_websockets().add(-1);
  active_subscriptions().add(-static_cast<double>(operations_.size()));
  for (auto& [id, op] : operations_)
    op->cancel();
  registry_->remove(this);
}

void ws_session::run(request upgrade) {
  registry_->add(shared_from_this());
  bool ok = offers_subprotocol(upgrade);
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(limits_.ws_max_message);
  // Also decorates the handshake's error responses (Beast's 400 for a broken upgrade).
  ws_.set_option(websocket::stream_base::decorator([ok](websocket::response_type& res) {
    set_security_headers(res);
    if (ok)
      res.set(bhttp::field::sec_websocket_protocol, graphql_ws::subprotocol);
  }));
  auto req = std::make_shared<request>(std::move(upgrade));
  net::post(ws_.get_executor(), [self = shared_from_this(), req, ok] {
    self->ws_.async_accept(*req, [self, req, ok](beast::error_code ec) { self->on_accept(ok, ec); });
  });
}

void ws_session::shutdown() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    self->close(close_code::going_away, "Server shutting down");
  });
}

void ws_session::on_accept(bool subprotocol_ok, beast::error_code ec) {
  if (ec)
    return;
  if (!subprotocol_ok)
    return close(close_code::subprotocol_not_acceptable, "Subprotocol not acceptable");
  arm_init_timer();
  do_read();
}

void ws_session::arm_init_timer() {
  init_timer_.expires_after(limits_.ws_init_timeout);
  init_timer_.async_wait([weak = weak_from_this()](beast::error_code ec) {
    if (auto self = weak.lock(); self && !ec)
      self->apply(self->protocol_.on_init_timeout());
  });
}

void ws_session::do_read() {
  ws_.async_read(buffer_, beast::bind_front_handler(&ws_session::on_read, shared_from_this()));
}

void ws_session::on_read(beast::error_code ec, size_t) {
  if (ec) {
    init_timer_.cancel();
    return cancel_all(); // closed by the peer, a timeout or our own close
  }
  auto text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  apply(ws_.got_text() ? protocol_.on_text(text) : protocol_.on_binary());
  if (!closing_)
    do_read();
}

void ws_session::apply(graphql_ws::actions a) {
  for (auto& f : a.send)
    enqueue(std::move(f));
  if (a.authenticate)
    authenticate(*a.authenticate);
  if (a.start)
    start_operation(std::move(*a.start));
  if (a.cancel)
    cancel_operation(*a.cancel);
  if (a.close)
    close(a.close->code, std::move(a.close->reason));
}

void ws_session::authenticate(const json::object& payload) {
  init_timer_.cancel();
  ops_->authenticate(call_, payload, [weak = weak_from_this()](bool accepted, json::object ack,
                                                               std::shared_ptr<void> context) {
    if (auto self = weak.lock())
      net::post(self->executor(), [self, accepted, ack = std::move(ack), context] {
        self->context_ = context;
        self->apply(self->protocol_.on_authenticated(accepted, ack));
      });
  });
}

void ws_session::start_operation(graphql_ws::operation_request req) {
  auto id = req.id;
  auto sink = std::make_shared<session_sink>(weak_from_this(), id);
  if (auto handle = ops_->start(call_, context_, std::move(req), std::move(sink))) {
    operations_[id] = std::move(handle);
    active_subscriptions().add(1);
  }
}

void ws_session::cancel_operation(const std::string& id) {
  if (auto it = operations_.find(id); it != operations_.end()) {
    it->second->cancel();
    operations_.erase(it);
    active_subscriptions().add(-1);
  }
}

void ws_session::deliver_next(const std::string& id, json::value result) {
  if (auto f = protocol_.next(id, result))
    enqueue(std::move(*f));
}

void ws_session::deliver_next_text(const std::string& id, std::string_view result_json) {
  if (auto f = protocol_.next_text(id, result_json))
    enqueue(std::move(*f));
}

void ws_session::deliver_end(const std::string& id, const json::array* errors) {
  auto f = errors ? protocol_.error(id, *errors) : protocol_.complete(id);
  if (operations_.erase(id))
    active_subscriptions().add(-1);
  if (f)
    enqueue(std::move(*f));
}

void ws_session::enqueue(std::string frame) {
  if (closing_)
    return;
  if (queue_.size() >= limits_.ws_max_queued_frames
      || queued_bytes_ + frame.size() > limits_.ws_max_queued_bytes) {
    log(log_level::warn, "websocket send queue overflow",
        {{"frames", std::to_string(queue_.size())}, {"bytes", std::to_string(queued_bytes_)}});
    return close(close_code::policy_violation, "Send queue overflow: the client reads too slowly");
  }
  queued_bytes_ += frame.size();
  queue_.push_back(std::move(frame));
  if (!writing_)
    do_write();
}

void ws_session::do_write() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(net::buffer(queue_.front()),
                  beast::bind_front_handler(&ws_session::on_write, shared_from_this()));
}

void ws_session::on_write(beast::error_code ec, size_t) {
  writing_ = false;
  queued_bytes_ -= queue_.front().size();
  queue_.pop_front();
  if (ec)
    return cancel_all();
  if (!queue_.empty())
    return do_write();
  if (close_reason_)
    do_close();
}

// Sends what is queued (unless the queue is the problem), then the close frame.
void ws_session::close(close_code code, std::string reason) {
  if (closing_)
    return;
  closing_ = true;
  init_timer_.cancel();
  cancel_all();
  close_reason_ = websocket::close_reason{static_cast<websocket::close_code>(code), reason};
  if (code == close_code::policy_violation) // drop the backlog, except a frame being written
    while (queue_.size() > (writing_ ? 1u : 0u)) {
      queued_bytes_ -= queue_.back().size();
      queue_.pop_back();
    }
  if (!writing_)
    do_close();
}

void ws_session::do_close() {
  ws_.async_close(*close_reason_, [self = shared_from_this()](beast::error_code) {});
}

void ws_session::cancel_all() {
  for (auto& [id, op] : operations_)
    op->cancel();
  active_subscriptions().add(-static_cast<double>(operations_.size()));
  operations_.clear();
}

} // namespace colors::http
