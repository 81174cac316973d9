#include "http/observe.hpp"

#include "common/bytes.hpp"
#include "common/ids.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"

#include <algorithm>

namespace colors::http {

namespace {

bool is_lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool all_zero(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == '0'; });
}

// Client-chosen request ids are echoed back only when short and printable.
bool sane_request_id(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
}

std::string header(const request& req, bhttp::field f) {
  auto it = req.find(f);
  return it == req.end() ? std::string{} : std::string{it->value()};
}

std::string header(const request& req, std::string_view name) {
  auto it = req.find(boost::beast::string_view{name.data(), name.size()});
  return it == req.end() ? std::string{} : std::string{it->value()};
}

} // namespace

bool parse_traceparent(std::string_view text, std::string& trace_id, std::string& span_id,
                       std::string& flags) {
  // version(2) - trace-id(32) - parent-id(16) - flags(2)
  if (text.size() != 55 || text[2] != '-' || text[35] != '-' || text[52] != '-')
    return false;
  auto version = text.substr(0, 2);
  auto trace = text.substr(3, 32);
  auto parent = text.substr(36, 16);
  auto fl = text.substr(53, 2);
  if (version != "00" || !is_lower_hex(trace) || !is_lower_hex(parent) || !is_lower_hex(fl)
      || all_zero(trace) || all_zero(parent))
    return false;
  trace_id = trace;
  span_id = parent;
  flags = fl;
  return true;
}

request_trace trace_for(const request& req) {
  request_trace t;
  auto id = header(req, "x-request-id");
  t.request_id = sane_request_id(id) ? id : uuid_to_string(new_uuid());
  std::string parent;
  if (!parse_traceparent(header(req, "traceparent"), t.trace_id, parent, t.flags))
    t.trace_id = to_hex(new_uuid());
  t.span_id = to_hex(new_uuid().substr(8, 8));
  return t;
}

std::string traceparent(const request_trace& t) {
  return "00-" + t.trace_id + "-" + t.span_id + "-" + t.flags;
}

void finish(const request& req, response& res, const request_trace& t, std::string_view route,
            bool access_log) {
  res.set("x-request-id", t.request_id);
  res.set("traceparent", traceparent(t));
  auto seconds =
    std::chrono::duration<double>(std::chrono::steady_clock::now() - t.started).count();
  auto status = std::to_string(res.result_int());
  auto& reg = metrics::registry::global();
  std::string route_label{route};
  reg.get_counter("colors_http_requests_total", "HTTP requests answered, by route and status.",
                  {{"route", route_label}, {"status", status}})
    .inc();
  reg.get_histogram("colors_http_request_duration_seconds",
                    "Time from a complete request to its response, by route.",
                    metrics::latency_buckets(), {{"route", route_label}})
    .observe(seconds);
  if (!access_log)
    return;
  auto method = bhttp::to_string(req.method());
  log(log_level::info, "request",
      {{"request_id", t.request_id},
       {"trace_id", t.trace_id},
       {"method", std::string{method.data(), method.size()}},
       {"route", route_label},
       {"status", status},
       {"duration_ms", std::to_string(seconds * 1000)},
       {"user_agent", header(req, bhttp::field::user_agent)}});
}

} // namespace colors::http
