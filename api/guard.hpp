#pragma once
// Resolver building blocks: the permission check in front of every resolver, and turning a
// service result into a field value or a mutation payload.
#include "api/context.hpp"
#include "api/views.hpp"

#include "identity/policy.hpp"

namespace colors::api {

// Every mutation spends a token of the "mutation" class (per user, else per address).
[[nodiscard]] caf::error throttle_mutation(const request_context& ctx, std::string_view operation);

// `body(info, context, done)` runs only when the permission table allows `operation` (and, for
// a mutation, the caller is within the mutation rate limit).
template <class F>
graphql::resolver guarded(std::string operation, F body) {
  return [operation = std::move(operation), body](const graphql::resolve_info& info,
                                                  graphql::resolve_done done) {
    const auto& ctx = context_of(info);
    if (auto err = identity::authorize(ctx.caller(), operation))
      return done(err);
    if (auto err = throttle_mutation(ctx, operation))
      return done(err);
    body(info, ctx, std::move(done));
  };
}

// A service callback that renders a success with `render`, a user error as the payload's
// userErrors (with `field` set to `failed`), and anything else as a GraphQL error.
template <class T, class Render>
identity::done_fn<T> to_payload(graphql::resolve_done done, const char* field, Render render,
                                boost::json::value failed = nullptr) {
  return [done = std::move(done), field, render, failed](caf::expected<T> result) {
    if (result)
      return done(boost::json::value(render(*result)));
    if (auto payload = user_error_payload(result.error(), field, failed))
      return done(boost::json::value(std::move(*payload)));
    done(result.error());
  };
}

// A service callback whose success is the field's value as is.
template <class T>
identity::done_fn<T> to_value(graphql::resolve_done done) {
  return [done = std::move(done)](caf::expected<T> result) {
    if (!result)
      return done(result.error());
    done(boost::json::value(std::move(*result)));
  };
}

// The string member `key` of an input object; empty when absent or null.
inline std::string text_of(const boost::json::object& in, const char* key) {
  auto* v = in.if_contains(key);
  return v && v->is_string() ? std::string{v->as_string()} : std::string{};
}

inline std::string arg_string(const graphql::resolve_info& info, const char* name) {
  return text_of(info.args, name);
}

// The string member `key` of the parent object (e.g. an internal "_productId").
inline std::string parent_text(const graphql::resolve_info& info, const char* key) {
  return text_of(info.parent.as_object(), key);
}

} // namespace colors::api
