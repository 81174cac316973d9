#include "http/graphql_ws.hpp"

#include "common/json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace colors::http::graphql_ws {

namespace {

namespace json = boost::json;

actions close_with(close_code code, std::string reason) {
  actions a;
  if (reason.size() > 123)
    reason.resize(123);
  a.close = close_decision{code, std::move(reason)};
  return a;
}

actions bad_request(std::string reason) {
  return close_with(close_code::bad_request, std::move(reason));
}

const json::string* string_field(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v ? v->if_string() : nullptr;
}

// An optional payload must be an object (or absent/null).
bool payload_ok(const json::object& msg) {
  auto* p = msg.if_contains("payload");
  return !p || p->is_null() || p->is_object();
}

} // namespace

std::string frame(std::string_view type, const std::string* id, const json::value* payload) {
  json::object o;
  if (id)
    o["id"] = *id;
  o["type"] = type;
  if (payload)
    o["payload"] = *payload;
  return json::serialize(o);
}

actions connection_state::on_text(std::string_view text) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object())
    return bad_request("Invalid message received: not a JSON object");
  return on_message(v.as_object());
}

actions connection_state::on_binary() {
  return bad_request("Invalid message received: binary frames are not supported");
}

actions connection_state::on_message(const json::object& msg) {
  auto* type = string_field(msg, "type");
  if (!type)
    return bad_request("Invalid message received: missing \"type\"");
  if (*type == "connection_init")
    return on_init(msg);
  if (*type == "ping" || *type == "pong") {
    if (!payload_ok(msg))
      return bad_request("Invalid message received: \"payload\" must be an object");
    actions a;
    if (*type == "ping")
      a.send.push_back(frame("pong"));
    return a;
  }
  if (*type == "subscribe")
    return on_subscribe(msg);
  if (*type == "complete")
    return on_complete(msg);
  return bad_request("Invalid message received: unknown type \"" + std::string{*type} + "\"");
}

actions connection_state::on_init(const json::object& msg) {
  if (init_received_)
    return close_with(close_code::too_many_init, "Too many initialisation requests");
  if (!payload_ok(msg))
    return bad_request("Invalid message received: \"payload\" must be an object");
  init_received_ = true;
  actions a;
  auto* p = msg.if_contains("payload");
  a.authenticate = (p && p->is_object()) ? p->as_object() : json::object{};
  return a;
}

actions connection_state::on_authenticated(bool accepted, const json::object& ack_payload) {
  if (!accepted)
    return close_with(close_code::forbidden, "Forbidden");
  acknowledged_ = true;
  actions a;
  json::value payload = ack_payload;
  a.send.push_back(ack_payload.empty() ? frame("connection_ack")
                                       : frame("connection_ack", nullptr, &payload));
  return a;
}

actions connection_state::on_init_timeout() {
  if (acknowledged_ || init_received_)
    return {};
  return close_with(close_code::init_timeout, "Connection initialisation timeout");
}

actions connection_state::on_subscribe(const json::object& msg) {
  auto* id = string_field(msg, "id");
  auto* payload = msg.if_contains("payload");
  if (!id || id->empty())
    return bad_request("Invalid message received: \"subscribe\" needs a non-empty \"id\"");
  if (!payload || !payload->is_object() || !string_field(payload->as_object(), "query"))
    return bad_request("Invalid message received: \"subscribe\" needs a payload with a query");
  if (!acknowledged_)
    return close_with(close_code::unauthorized, "Unauthorized");
  std::string key{*id};
  if (active_.count(key))
    return close_with(close_code::duplicate_subscriber, "Subscriber for " + key + " already exists");
  active_.insert(key);
  actions a;
  a.start = operation_request{key, payload->as_object()};
  return a;
}

actions connection_state::on_complete(const json::object& msg) {
  auto* id = string_field(msg, "id");
  if (!id || id->empty())
    return bad_request("Invalid message received: \"complete\" needs a non-empty \"id\"");
  actions a;
  std::string key{*id};
  if (active_.erase(key))
    a.cancel = key;
  return a;
}

std::optional<std::string> connection_state::next(const std::string& id, const json::value& result) {
  if (!active_.count(id))
    return std::nullopt;
  return frame("next", &id, &result);
}

std::optional<std::string> connection_state::next_text(const std::string& id,
                                                      std::string_view result_json) {
  if (!active_.count(id))
    return std::nullopt;
  std::string out = R"({"id":)";
  out += json_string(id);
  out += R"(,"type":"next","payload":)";
  out += result_json;
  out += '}';
  return out;
}

std::optional<std::string> connection_state::error(const std::string& id, const json::array& errors) {
  if (!active_.erase(id))
    return std::nullopt;
  json::value payload = errors;
  return frame("error", &id, &payload);
}

std::optional<std::string> connection_state::complete(const std::string& id) {
  if (!active_.erase(id))
    return std::nullopt;
  return frame("complete", &id);
}

} // namespace colors::http::graphql_ws
