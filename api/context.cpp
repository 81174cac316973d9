#include "api/context.hpp"
#include "api/guard.hpp"

#include "common/errc.hpp"

namespace colors::api {

const request_context& context_of(const std::shared_ptr<void>& context) {
  static const request_context anonymous;
  return context ? *static_cast<const request_context*>(context.get()) : anonymous;
}

caf::error throttle_mutation(const request_context& ctx, std::string_view operation) {
  if (!ctx.throttle || !operation.starts_with("Mutation."))
    return {};
  auto wait = ctx.throttle("mutation", ctx.throttle_key());
  if (!wait)
    return {};
  auto seconds = std::max<int64_t>(1, (wait->count() + 999) / 1000);
  return make_error(errc::rate_limited,
                    "Too many requests; try again in " + std::to_string(seconds) + " s.");
}

} // namespace colors::api
