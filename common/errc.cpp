#include "common/errc.hpp"

#include <caf/make_message.hpp>
#include <caf/sec.hpp>

namespace colors {

const char* to_string(errc code) {
  switch (code) {
    case errc::invalid_argument: return "invalid_argument";
    case errc::not_found: return "not_found";
    case errc::conflict: return "conflict";
    case errc::too_large: return "too_large";
    case errc::storage: return "storage";
    case errc::corrupt: return "corrupt";
    case errc::unavailable: return "unavailable";
    case errc::overloaded: return "overloaded";
    case errc::timeout: return "timeout";
    case errc::duplicate: return "duplicate";
    case errc::locked: return "locked";
    case errc::unauthenticated: return "unauthenticated";
    case errc::forbidden: return "forbidden";
    case errc::rate_limited: return "rate_limited";
  }
  return "unknown";
}

caf::error make_error(errc code, std::string message) {
  return caf::error{static_cast<uint8_t>(code), error_category,
                    caf::make_message(std::move(message))};
}

caf::error make_conflict(std::string message, uint64_t current_version) {
  return caf::error{static_cast<uint8_t>(errc::conflict), error_category,
                    caf::make_message(std::move(message), current_version)};
}

namespace {

// CAF's answer to a request whose receiver stopped before taking it (e.g. an entity that died
// with the request in its mailbox): to callers, the component is down.
bool is_receiver_down(const caf::error& err) {
  return err == caf::sec::request_receiver_down;
}

} // namespace

std::optional<errc> code_of(const caf::error& err) {
  if (is_receiver_down(err))
    return errc::unavailable;
  if (!err || err.category() != error_category)
    return std::nullopt;
  return static_cast<errc>(err.code());
}

std::string message_of(const caf::error& err) {
  if (is_receiver_down(err))
    return "the actor that was to answer stopped before taking the request";
  const auto& ctx = err.context();
  if (err.category() == error_category && !ctx.empty() && ctx.match_element<std::string>(0))
    return ctx.get_as<std::string>(0);
  return caf::to_string(err);
}

std::optional<uint64_t> current_version_of(const caf::error& err) {
  const auto& ctx = err.context();
  if (code_of(err) == errc::conflict && ctx.size() == 2 && ctx.match_element<uint64_t>(1))
    return ctx.get_as<uint64_t>(1);
  return std::nullopt;
}

} // namespace colors
