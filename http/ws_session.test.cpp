// The WebSocket transport end to end over real sockets: a Beast WebSocket client against the
// server, with a small operations implementation that streams numbers (the GraphQL layer plugs
// its own into the same interface).
#include "http/graphql_ws.hpp"
#include "http/health.hpp"
#include "http/server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

using namespace colors::http;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = boost::asio::ip::tcp;

namespace {

// Streams numbers from its own thread: "three" then completes, "forever" floods until cancelled,
// "slow" sends one every 10 ms until cancelled.
class counting_operations : public ws_operations {
public:
  class running : public operation_handle {
  public:
    void cancel() override { cancelled = true; }
    std::atomic<bool> cancelled{false};
  };

  void authenticate(const call_info& call, const json::object& payload, auth_done done) override {
    remember(call);
    auto* token = payload.if_contains("token");
    done(token && token->is_string() && token->as_string() == "good", json::object{}, nullptr);
  }

  std::shared_ptr<operation_handle> start(const call_info& call, const std::shared_ptr<void>&,
                                          graphql_ws::operation_request req,
                                          std::shared_ptr<operation_sink> out) override {
    remember(call);
    auto handle = std::make_shared<running>();
    auto query = std::string{req.payload.at("query").as_string()};
    std::lock_guard<std::mutex> g{mutex_};
    handles_.push_back(handle);
    threads_.emplace_back([handle, out, query] {
      int count = query == "three" ? 3 : 1'000'000;
      for (int i = 1; i <= count && !handle->cancelled; ++i) {
        out->next(json::object{{"data", json::object{{"n", i}}}});
        if (query == "slow")
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      if (!handle->cancelled)
        out->complete();
    });
    return handle;
  }

  // Cancels every operation and waits for its thread. The fixture calls it before the server
  // goes: a thread still streaming would post to a strand of a destroyed io_context (a detached
  // thread did, and a test run aborted once).
  void stop_all() {
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> g{mutex_};
      for (auto& h : handles_)
        h->cancel();
      threads.swap(threads_);
    }
    for (auto& t : threads)
      t.join();
  }
  ~counting_operations() override { stop_all(); }

  // The callers seen by authenticate and start, in order.
  std::vector<call_info> calls() {
    std::lock_guard<std::mutex> g{mutex_};
    return calls_;
  }

private:
  void remember(const call_info& call) {
    std::lock_guard<std::mutex> g{mutex_};
    calls_.push_back(call);
  }

  std::mutex mutex_;
  std::vector<call_info> calls_;
  std::vector<std::shared_ptr<running>> handles_;
  std::vector<std::thread> threads_;
};

struct fixture {
  explicit fixture(session_limits limits = {}) {
    auto routes = std::make_shared<router>();
    add_health_routes(*routes);
    routes->add_websocket("/graphql", ops);
    server_options opts;
    opts.listen = "127.0.0.1:0";
    limits.access_log = false;
    opts.limits = limits;
    auto started = server::start(std::move(opts), std::move(routes));
    REQUIRE(started);
    srv = std::move(*started);
  }
  ~fixture() { ops->stop_all(); }
  std::shared_ptr<counting_operations> ops = std::make_shared<counting_operations>();
  std::unique_ptr<server> srv;
};

// A blocking WebSocket client with timeouts.
class ws_client {
public:
  ws_client(uint16_t port, const char* protocol = "graphql-transport-ws") : ws_(ioc_) {
    tcp::endpoint ep{boost::asio::ip::make_address("127.0.0.1"), port};
    beast::get_lowest_layer(ws_).connect(ep);
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::decorator([protocol](websocket::request_type& req) {
      if (protocol)
        req.set(beast::http::field::sec_websocket_protocol, protocol);
    }));
    websocket::response_type res;
    ws_.handshake(res, "127.0.0.1", "/graphql");
    accepted_protocol = std::string{res[beast::http::field::sec_websocket_protocol]};
  }

  void send(const std::string& text) { ws_.write(boost::asio::buffer(text)); }

  // The next message as JSON, or null once the server closed (see `close_code`).
  json::value receive() {
    beast::flat_buffer buf;
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    beast::error_code ec;
    // tcp_stream timeouts only apply to its own async operations: run async and wait.
    ws_.async_read(buf, [&](beast::error_code e, size_t) { ec = e; });
    ioc_.restart();
    ioc_.run();
    if (ec) {
      close_code = ws_.reason().code;
      return nullptr;
    }
    return json::parse(beast::buffers_to_string(buf.data()));
  }

  std::string accepted_protocol;
  uint16_t close_code = 0;

private:
  boost::asio::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
};

std::string type_of(const json::value& v) {
  return v.is_object() ? std::string{v.at("type").as_string()} : "closed";
}

void init(ws_client& c, const char* token = "good") {
  c.send(std::string{R"({"type":"connection_init","payload":{"token":")"} + token + "\"}}");
}

} // namespace

TEST_CASE("a subscription streams next messages in order, then complete") {
  fixture f;
  ws_client c{f.srv->port()};
  CHECK(c.accepted_protocol == "graphql-transport-ws");
  init(c);
  CHECK(type_of(c.receive()) == "connection_ack");
  c.send(R"({"type":"ping"})");
  CHECK(type_of(c.receive()) == "pong");
  c.send(R"({"id":"s1","type":"subscribe","payload":{"query":"three"}})");
  for (int n = 1; n <= 3; ++n) {
    auto msg = c.receive();
    REQUIRE(type_of(msg) == "next");
    CHECK(msg.at("id").as_string() == "s1");
    CHECK(msg.at("payload").at("data").at("n").as_int64() == n);
  }
  auto done = c.receive();
  CHECK(type_of(done) == "complete");
  CHECK(done.at("id").as_string() == "s1");
}

TEST_CASE("connection_init and subscribe see the connection's peer") {
  fixture f;
  ws_client c{f.srv->port()};
  init(c);
  CHECK(type_of(c.receive()) == "connection_ack");
  c.send(R"({"id":"s1","type":"subscribe","payload":{"query":"three"}})");
  json::value msg;
  do
    msg = c.receive();
  while (type_of(msg) == "next");
  auto calls = f.ops->calls();
  REQUIRE(calls.size() == 2);
  for (const auto& call : calls) {
    CHECK(call.peer_ip == "127.0.0.1");
    CHECK(call.loopback);
    CHECK(call.request_id.size() == 36);
  }
  CHECK(calls[0].request_id == calls[1].request_id); // both from the upgrade request
}

TEST_CASE("a rejected token closes with 4403") {
  fixture f;
  ws_client c{f.srv->port()};
  init(c, "bad");
  CHECK(type_of(c.receive()) == "closed");
  CHECK(c.close_code == 4403);
}

TEST_CASE("no connection_init in time closes with 4408") {
  session_limits limits;
  limits.ws_init_timeout = std::chrono::milliseconds(200);
  fixture f{limits};
  ws_client c{f.srv->port()};
  CHECK(type_of(c.receive()) == "closed");
  CHECK(c.close_code == 4408);
}

TEST_CASE("a malformed message closes with 4400 and a duplicate id with 4409") {
  fixture f;
  {
    ws_client c{f.srv->port()};
    c.send("{not json");
    CHECK(type_of(c.receive()) == "closed");
    CHECK(c.close_code == 4400);
  }
  ws_client c{f.srv->port()};
  init(c);
  CHECK(type_of(c.receive()) == "connection_ack");
  c.send(R"({"id":"x","type":"subscribe","payload":{"query":"slow"}})");
  c.send(R"({"id":"x","type":"subscribe","payload":{"query":"slow"}})");
  json::value msg;
  do
    msg = c.receive();
  while (type_of(msg) == "next");
  CHECK(type_of(msg) == "closed");
  CHECK(c.close_code == 4409);
}

TEST_CASE("a client that offers another subprotocol is closed with 4406") {
  fixture f;
  ws_client c{f.srv->port(), "graphql-ws"};
  CHECK(c.accepted_protocol.empty());
  CHECK(type_of(c.receive()) == "closed");
  CHECK(c.close_code == 4406);
}

TEST_CASE("a client that does not read is closed when its send queue overflows") {
  session_limits limits;
  limits.ws_max_queued_frames = 16;
  fixture f{limits};
  ws_client c{f.srv->port()};
  init(c);
  CHECK(type_of(c.receive()) == "connection_ack");
  c.send(R"({"id":"flood","type":"subscribe","payload":{"query":"forever"}})");
  std::this_thread::sleep_for(std::chrono::milliseconds(500)); // let the socket buffers fill
  json::value msg;
  size_t received = 0;
  do {
    msg = c.receive();
    ++received;
  } while (type_of(msg) == "next");
  CHECK(type_of(msg) == "closed");
  CHECK(c.close_code == 1008);
  CHECK(received < 1'000'000);
}

TEST_CASE("stopping the server closes WebSockets with 1001") {
  fixture f;
  ws_client c{f.srv->port()};
  init(c);
  CHECK(type_of(c.receive()) == "connection_ack");
  std::thread stopper([&] { f.srv->stop(); });
  CHECK(type_of(c.receive()) == "closed");
  CHECK(c.close_code == 1001);
  stopper.join();
}
