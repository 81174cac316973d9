#include "http/errors.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"

namespace colors::http {

namespace {

struct http_error {
  status code;
  const char* name;
  bool expose_message; // false for failures whose details are internals
};

http_error classify(errc code) {
  switch (code) {
    case errc::invalid_argument: return {status::bad_request, "BAD_USER_INPUT", true};
    case errc::not_found: return {status::not_found, "NOT_FOUND", true};
    case errc::conflict: return {status::conflict, "CONFLICT", true};
    case errc::duplicate: return {status::conflict, "DUPLICATE", true};
    case errc::too_large: return {status::payload_too_large, "PAYLOAD_TOO_LARGE", true};
    case errc::overloaded: return {status::too_many_requests, "RATE_LIMITED", true};
    case errc::rate_limited: return {status::too_many_requests, "RATE_LIMITED", true};
    case errc::unauthenticated: return {status::unauthorized, "UNAUTHENTICATED", true};
    case errc::forbidden: return {status::forbidden, "FORBIDDEN", true};
    case errc::timeout: return {status::gateway_timeout, "TIMEOUT", false};
    case errc::unavailable:
    case errc::locked: return {status::service_unavailable, "UNAVAILABLE", false};
    case errc::storage:
    case errc::corrupt: break;
  }
  return {status::internal_server_error, "INTERNAL", false};
}

} // namespace

response json_response(status code, std::string body) {
  response res{code, 11};
  res.set(bhttp::field::content_type, "application/json");
  res.body() = std::move(body);
  return res;
}

response error_response(status code, std::string_view error_code, std::string_view message) {
  return json_response(code, "{\"error\":{\"code\":\"" + json_escape(error_code)
                               + "\",\"message\":\"" + json_escape(message) + "\"}}");
}

response error_response(const caf::error& err) {
  auto code = code_of(err);
  auto mapped = code ? classify(*code)
                     : http_error{status::internal_server_error, "INTERNAL", false};
  if (!mapped.expose_message)
    log(log_level::warn, "request failed", {{"error", message_of(err)}});
  auto reason = bhttp::obsolete_reason(mapped.code); // e.g. "Service Unavailable"
  auto message = mapped.expose_message ? message_of(err)
                                        : std::string{reason.data(), reason.size()};
  return error_response(mapped.code, mapped.name, message);
}

} // namespace colors::http
