#include "tryon/kling_reply.hpp"

#include "common/errc.hpp"

namespace colors::tryon {

namespace {

// A stand-in Kling code for a response without an envelope.
int code_for_status(unsigned http_status) {
  if (http_status == 401)
    return 1000;
  if (http_status == 404)
    return 1203;
  if (http_status == 429)
    return 1302;
  if (http_status >= 400 && http_status < 500)
    return 1200;
  return 5000; // 5xx, or a 2xx whose body we cannot read: treat as transient
}

kling_reply error_reply(int code, std::string message, kling_envelope envelope = {}) {
  return {false, code, kling_error(code).action, std::move(message), std::move(envelope)};
}

} // namespace

kling_reply classify_reply(unsigned http_status, std::string_view body) {
  auto envelope = parse_envelope(body);
  if (!envelope)
    return error_reply(code_for_status(http_status),
                       "HTTP " + std::to_string(http_status) + ": " + message_of(envelope.error()));
  if (envelope->code != 0) {
    auto message = envelope->message;
    return error_reply(envelope->code, std::move(message), std::move(*envelope));
  }
  if (http_status < 200 || http_status >= 300)
    return error_reply(code_for_status(http_status),
                       "HTTP " + std::to_string(http_status) + " with code 0",
                       std::move(*envelope));
  kling_reply out;
  out.ok = true;
  out.message = envelope->message;
  out.envelope = std::move(*envelope);
  return out;
}

} // namespace colors::tryon
