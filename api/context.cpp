#include "api/context.hpp"
#include "api/guard.hpp"

#include "common/errc.hpp"

namespace colors::api {

const request_context& context_of(const std::shared_ptr<void>& context) {
  static const request_context anonymous;
  return context ? *static_cast<const request_context*>(context.get()) : anonymous;
}

caf::error throttle_mutation(const request_context& ctx, std::string_view operation) {
  if (!operation.starts_with("Mutation."))
    return {};
  return identity::throttle(ctx.throttle, "mutation", ctx.throttle_key());
}

} // namespace colors::api
