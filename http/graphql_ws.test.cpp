#include "http/graphql_ws.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

using namespace colors::http::graphql_ws;
namespace json = boost::json;

namespace {

// A connection that has been initialised and acknowledged.
connection_state acked() {
  connection_state c;
  auto init = c.on_text(R"({"type":"connection_init","payload":{"token":"t"}})");
  REQUIRE(init.authenticate);
  CHECK(init.authenticate->at("token").as_string() == "t");
  auto ack = c.on_authenticated(true);
  REQUIRE(ack.send.size() == 1);
  CHECK(json::parse(ack.send[0]).at("type").as_string() == "connection_ack");
  return c;
}

close_code closed_with(const actions& a) {
  REQUIRE(a.close);
  return a.close->code;
}

} // namespace

TEST_CASE("init, ack, subscribe, next and complete follow the protocol") {
  auto c = acked();
  CHECK(c.acknowledged());
  auto sub = c.on_text(R"({"id":"1","type":"subscribe","payload":{"query":"subscription { x }"}})");
  REQUIRE(sub.start);
  CHECK(sub.start->id == "1");
  CHECK(sub.start->payload.at("query").as_string() == "subscription { x }");
  CHECK(c.active_operations() == 1);

  auto next = c.next("1", json::parse(R"({"data":{"x":1}})"));
  REQUIRE(next);
  auto parsed = json::parse(*next).as_object();
  CHECK(parsed.at("type").as_string() == "next");
  CHECK(parsed.at("id").as_string() == "1");
  CHECK(parsed.at("payload").at("data").at("x").as_int64() == 1);

  auto done = c.complete("1");
  REQUIRE(done);
  CHECK(json::parse(*done).at("type").as_string() == "complete");
  CHECK(c.active_operations() == 0);
  CHECK_FALSE(c.next("1", json::value{}).has_value()); // nothing after complete
}

TEST_CASE("ping is answered with pong, a pong needs no answer") {
  connection_state c;
  auto ping = c.on_text(R"({"type":"ping"})");
  REQUIRE(ping.send.size() == 1);
  CHECK(json::parse(ping.send[0]).at("type").as_string() == "pong");
  CHECK(c.on_text(R"({"type":"pong","payload":{}})").send.empty());
}

TEST_CASE("a client complete cancels the operation and a second one is ignored") {
  auto c = acked();
  c.on_text(R"({"id":"a","type":"subscribe","payload":{"query":"{x}"}})");
  auto cancel = c.on_text(R"({"id":"a","type":"complete"})");
  REQUIRE(cancel.cancel);
  CHECK(*cancel.cancel == "a");
  CHECK_FALSE(c.on_text(R"({"id":"a","type":"complete"})").cancel);
  CHECK_FALSE(c.complete("a").has_value());
}

TEST_CASE("an error ends the operation with the errors as payload") {
  auto c = acked();
  c.on_text(R"({"id":"e","type":"subscribe","payload":{"query":"{x}"}})");
  json::array errors{json::object{{"message", "no such task"}}};
  auto err = c.error("e", errors);
  REQUIRE(err);
  auto parsed = json::parse(*err).as_object();
  CHECK(parsed.at("type").as_string() == "error");
  CHECK(parsed.at("payload").as_array().at(0).at("message").as_string() == "no such task");
  CHECK(c.active_operations() == 0);
}

TEST_CASE("protocol violations close the connection with the documented codes") {
  SUBCASE("malformed frames are 4400") {
    connection_state c;
    CHECK(closed_with(c.on_text("not json")) == close_code::bad_request);
    CHECK(closed_with(c.on_text("[1,2]")) == close_code::bad_request);
    CHECK(closed_with(c.on_text(R"({"payload":{}})")) == close_code::bad_request);
    CHECK(closed_with(c.on_text(R"({"type":"shout"})")) == close_code::bad_request);
    CHECK(closed_with(c.on_text(R"({"type":"connection_init","payload":"x"})"))
          == close_code::bad_request);
    CHECK(closed_with(c.on_binary()) == close_code::bad_request);
  }
  SUBCASE("subscribing before the ack is 4401") {
    connection_state c;
    CHECK(closed_with(c.on_text(R"({"id":"1","type":"subscribe","payload":{"query":"{x}"}})"))
          == close_code::unauthorized);
  }
  SUBCASE("a rejected init is 4403") {
    connection_state c;
    c.on_text(R"({"type":"connection_init"})");
    CHECK(closed_with(c.on_authenticated(false)) == close_code::forbidden);
  }
  SUBCASE("no init in time is 4408, but not once init arrived") {
    connection_state waiting;
    CHECK(closed_with(waiting.on_init_timeout()) == close_code::init_timeout);
    auto c = acked();
    CHECK_FALSE(c.on_init_timeout().close);
  }
  SUBCASE("a second init is 4429") {
    auto c = acked();
    CHECK(closed_with(c.on_text(R"({"type":"connection_init"})")) == close_code::too_many_init);
  }
  SUBCASE("a duplicate subscription id is 4409, and a subscribe without query is 4400") {
    auto c = acked();
    c.on_text(R"({"id":"1","type":"subscribe","payload":{"query":"{x}"}})");
    auto dup = c.on_text(R"({"id":"1","type":"subscribe","payload":{"query":"{x}"}})");
    CHECK(closed_with(dup) == close_code::duplicate_subscriber);
    CHECK(dup.close->reason == "Subscriber for 1 already exists");
    CHECK(closed_with(c.on_text(R"({"id":"2","type":"subscribe","payload":{}})"))
          == close_code::bad_request);
    CHECK(closed_with(c.on_text(R"({"type":"subscribe","payload":{"query":"{x}"}})"))
          == close_code::bad_request);
  }
}

TEST_CASE("close reasons never exceed the WebSocket limit of 123 bytes") {
  auto c = acked();
  std::string id(300, 'x');
  std::string sub = R"({"id":")" + id + R"(","type":"subscribe","payload":{"query":"{x}"}})";
  c.on_text(sub);
  auto dup = c.on_text(sub);
  REQUIRE(dup.close);
  CHECK(dup.close->reason.size() <= 123);
}
