#include "http/graphql_http.hpp"

#include "http/errors.hpp"

#include "common/errc.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace colors::http {

namespace {

namespace json = boost::json;

constexpr std::string_view graphql_response_json = "application/graphql-response+json";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view header(const request& req, bhttp::field f) {
  auto it = req.find(f);
  return it == req.end() ? std::string_view{} : std::string_view{it->value().data(), it->value().size()};
}

bool wants_graphql_response(const request& req) {
  return header(req, bhttp::field::accept).find(graphql_response_json) != std::string_view::npos;
}

// A request-level failure in the GraphQL response shape: {"errors":[{"message":...}]}.
response request_error(status code, std::string message) {
  json::object err{{"message", std::move(message)}};
  return json_response(code, json::serialize(json::object{{"errors", json::array{err}}}));
}

// Turns the JSON fields of a POST body or GET query into an engine request.
std::optional<std::string> fill(graphql::request& out, const json::object& fields) {
  if (auto* q = fields.if_contains("query"); q && !q->is_null()) {
    if (!q->is_string())
      return "\"query\" must be a string";
    out.query = q->as_string();
  }
  if (auto* name = fields.if_contains("operationName"); name && !name->is_null()) {
    if (!name->is_string())
      return "\"operationName\" must be a string";
    out.operation_name = name->as_string();
  }
  for (auto [key, target] : {std::pair{"variables", &out.variables}, {"extensions", &out.extensions}}) {
    if (auto* v = fields.if_contains(key); v && !v->is_null()) {
      if (!v->is_object())
        return std::string{"\""}.append(key).append("\" must be an object");
      *target = v->as_object();
    }
  }
  if (out.query.empty() && !out.extensions.contains("persistedQuery"))
    return "a GraphQL request needs a \"query\"";
  return std::nullopt;
}

// Subscriptions stream: over HTTP they would run once against nothing. Refused before execution
// (so 400 under graphql-response+json, 200 with errors under application/json).
bool refuse_subscription(const graphql::engine& engine, const graphql::request& req,
                         bool graphql_response, reply_fn& reply) {
  if (engine.operation_type_of(req) != graphql::operation_type::subscription)
    return false;
  json::object err{{"message", "subscriptions need the WebSocket endpoint (graphql-transport-ws)"},
                   {"extensions", json::object{{"code", "BAD_REQUEST"}}}};
  auto res = json_response(graphql_response ? status::bad_request : status::ok,
                           json::serialize(json::object{{"errors", json::array{err}}}));
  reply(std::move(res));
  return true;
}

void execute(const graphql::engine& engine, graphql::request req, bool graphql_response,
         reply_fn reply) {
  if (refuse_subscription(engine, req, graphql_response, reply))
    return;
  engine.execute(std::move(req), [graphql_response, reply = std::move(reply)](json::object out) {
    auto failed_early = !out.contains("data");
    auto res = json_response(graphql_response && failed_early ? status::bad_request : status::ok,
                             json::serialize(out));
    res.set(bhttp::field::content_type, graphql_response
                                          ? "application/graphql-response+json; charset=utf-8"
                                          : "application/json; charset=utf-8");
    reply(std::move(res));
  });
}

// 401 with a GraphQL error body: the bearer token was not accepted.
response unauthenticated(const caf::error& err) {
  json::object e{{"message", message_of(err)},
                 {"extensions", json::object{{"code", "UNAUTHENTICATED"}}}};
  auto res = json_response(status::unauthorized,
                           json::serialize(json::object{{"errors", json::array{e}}}));
  res.set(bhttp::field::www_authenticate, "Bearer");
  return res;
}

// Attaches the caller's context (when there is a factory), then executes.
void run(const graphql::engine& engine, const context_factory& contexts, const request& req,
         const call_info& call, graphql::request gql, reply_fn reply) {
  bool graphql_response = wants_graphql_response(req);
  if (!contexts)
    return execute(engine, std::move(gql), graphql_response, std::move(reply));
  auto auth = header(req, bhttp::field::authorization);
  contexts(call, bearer_of(auth),
           [&engine, gql = std::move(gql), graphql_response,
            reply = std::move(reply)](caf::expected<std::shared_ptr<void>> context) mutable {
             if (!context)
               return reply(unauthenticated(context.error()));
             gql.context = std::move(*context);
             execute(engine, std::move(gql), graphql_response, std::move(reply));
           });
}

void handle_post(const graphql::engine& engine, const context_factory& contexts,
                 const request& req, const call_info& call, reply_fn reply) {
  if (header(req, bhttp::field::content_type).find("application/json") != 0)
    return reply(request_error(status::unsupported_media_type,
                               "POST /graphql needs Content-Type: application/json"));
  json::error_code ec;
  auto body = json::parse(req.body(), ec);
  if (ec || !body.is_object())
    return reply(request_error(status::bad_request, "the request body is not a JSON object"));
  graphql::request gql;
  if (auto problem = fill(gql, body.as_object()))
    return reply(request_error(status::bad_request, *problem));
  run(engine, contexts, req, call, std::move(gql), std::move(reply));
}

// The query string as JSON fields; `variables` and `extensions` are JSON-encoded in it.
std::optional<std::string> query_fields(std::string_view target, json::object& out) {
  auto params = query_params(target);
  if (!params)
    return "the query string is not valid URL encoding";
  for (auto& [key, value] : *params) {
    if (key == "variables" || key == "extensions") {
      json::error_code ec;
      auto parsed = json::parse(value, ec);
      if (ec)
        return "\"" + key + "\" is not valid JSON";
      out[key] = std::move(parsed);
    } else {
      out[key] = std::move(value);
    }
  }
  return std::nullopt;
}

void handle_get(const graphql::engine& engine, const context_factory& contexts,
                const request& req, const call_info& call, reply_fn reply) {
  json::object fields;
  auto target = req.target();
  if (auto problem = query_fields({target.data(), target.size()}, fields))
    return reply(request_error(status::bad_request, *problem));
  graphql::request gql;
  if (auto problem = fill(gql, fields))
    return reply(request_error(status::bad_request, *problem));
  auto type = engine.operation_type_of(gql);
  if (type && *type != graphql::operation_type::query) {
    auto res = request_error(status::method_not_allowed, "only queries may use GET; use POST");
    res.set(bhttp::field::allow, "POST");
    return reply(std::move(res));
  }
  run(engine, contexts, req, call, std::move(gql), std::move(reply));
}

} // namespace

std::optional<std::string> url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%') {
      if (i + 2 >= text.size())
        return std::nullopt;
      int hi = hex_digit(text[i + 1]);
      int lo = hex_digit(text[i + 2]);
      if (hi < 0 || lo < 0)
        return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

void add_graphql_routes(router& routes, std::shared_ptr<const graphql::engine> engine,
                        context_factory contexts) {
  routes.add_async(verb::post, "/graphql",
                   [engine, contexts](const request& req, const call_info& call, reply_fn reply) {
                     handle_post(*engine, contexts, req, call, std::move(reply));
                   });
  routes.add_async(verb::get, "/graphql",
                   [engine, contexts](const request& req, const call_info& call, reply_fn reply) {
                     handle_get(*engine, contexts, req, call, std::move(reply));
                   });
}

} // namespace colors::http
