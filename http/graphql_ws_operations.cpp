#include "http/graphql_ws_operations.hpp"

#include <atomic>

namespace colors::http {

namespace {

namespace json = boost::json;

// A single execution: cancelling only stops its result from being sent.
class single_run : public operation_handle {
public:
  void cancel() override { cancelled = true; }
  std::atomic<bool> cancelled{false};
};

graphql::request to_request(const json::object& payload) {
  graphql::request req;
  if (auto* q = payload.if_contains("query"); q && q->is_string())
    req.query = q->as_string();
  if (auto* n = payload.if_contains("operationName"); n && n->is_string())
    req.operation_name = n->as_string();
  if (auto* v = payload.if_contains("variables"); v && v->is_object())
    req.variables = v->as_object();
  if (auto* e = payload.if_contains("extensions"); e && e->is_object())
    req.extensions = e->as_object();
  return req;
}

// A request that failed before execution: its errors are the `error` payload.
void fail(operation_sink& out, json::object response) {
  auto* errors = response.if_contains("errors");
  out.error(errors && errors->is_array() ? errors->as_array() : json::array{});
}

} // namespace

graphql_ws_operations::graphql_ws_operations(std::shared_ptr<const graphql::engine> engine,
                                             std::shared_ptr<live_subscriptions> live,
                                             context_factory contexts)
  : engine_(std::move(engine)), live_(std::move(live)), contexts_(std::move(contexts)) {}

void graphql_ws_operations::authenticate(const call_info& call, const json::object& payload,
                                         auth_done done) {
  if (!contexts_)
    return done(true, json::object{}, nullptr);
  contexts_(call, bearer_of(payload), [done](caf::expected<std::shared_ptr<void>> context) {
    if (!context)
      return done(false, json::object{}, nullptr);
    done(true, json::object{}, std::move(*context));
  });
}

std::shared_ptr<operation_handle>
graphql_ws_operations::start(const call_info&, const std::shared_ptr<void>& context,
                             graphql_ws::operation_request request,
                             std::shared_ptr<operation_sink> out) {
  auto handle = std::make_shared<single_run>();
  auto prepared = engine_->prepare(to_request(request.payload));
  if (auto* failed = std::get_if<json::object>(&prepared)) {
    fail(*out, std::move(*failed));
    return handle;
  }
  auto& op = std::get<graphql::prepared_operation>(prepared);
  if (op.op->op == graphql::operation_type::subscription) {
    if (live_)
      return live_->start(op, context, std::move(out));
    json::object err{{"message", "This subscription is not available."},
                     {"extensions", json::object{{"code", "NOT_IMPLEMENTED"}}}};
    out->error(json::array{err});
    return handle;
  }
  engine_->execute_prepared(op, json::value{}, context, [handle, out](json::object response) {
    if (handle->cancelled)
      return;
    out->next(json::value(std::move(response)));
    out->complete();
  });
  return handle;
}

} // namespace colors::http
