#pragma once
// What one HTTP response from Kling means for the client: success with `data`, or a Kling error
// code with the action to take. `code` is checked even when the status is 200 (some gateways
// answer errors that way), and a body that is not an envelope (a proxy's HTML 502, a cut-off
// body) is classified by the HTTP status alone. Pure; thread-safe.
#include "tryon/kling_errors.hpp"
#include "tryon/kling_protocol.hpp"

namespace colors::tryon {

struct kling_reply {
  bool ok = false; // HTTP 2xx and code 0
  int code = 0;    // Kling's code; for bodies that are not envelopes, 5000 or 1000/1200/1203
  kling_action action = kling_action::give_up; // meaningless when ok
  std::string message;
  kling_envelope envelope; // the parsed body (data null when it did not parse)
};

kling_reply classify_reply(unsigned http_status, std::string_view body);

} // namespace colors::tryon
