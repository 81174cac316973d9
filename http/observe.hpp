#pragma once
// Per-request observability: request id, W3C trace context, access log and HTTP metrics.
// Pure helpers plus `finish`, which records one answered request. Safe from any thread.
#include "http/types.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace colors::http {

// Who a request is, for logs and for the caller.
struct request_trace {
  std::string request_id; // x-request-id from the client (if sane) or a new one
  std::string trace_id;   // 32 hex digits, from an incoming traceparent or new
  std::string span_id;    // 16 hex digits, ours
  std::string flags = "01";
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// Reads x-request-id and traceparent (W3C Trace Context, version 00) or makes new ids.
request_trace trace_for(const request& req);

// "00-<trace-id>-<span-id>-<flags>": what we send back and pass on downstream.
std::string traceparent(const request_trace& t);

// A valid traceparent's trace id, span id and flags; false for anything malformed.
bool parse_traceparent(std::string_view text, std::string& trace_id, std::string& span_id,
                       std::string& flags);

// Sets the trace headers on the response, counts it and (when enabled) logs it.
void finish(const request& req, response& res, const request_trace& t, std::string_view route,
            bool access_log);

} // namespace colors::http
