#include "api/context.hpp"

namespace colors::api {

const request_context& context_of(const std::shared_ptr<void>& context) {
  static const request_context anonymous;
  return context ? *static_cast<const request_context*>(context.get()) : anonymous;
}

} // namespace colors::api
