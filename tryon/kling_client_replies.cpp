// What each answer means for a call of kling_client: success, a retry later, a requeue after a
// 1303, or the end with an outcome. Runs on the client's thread.
#include "common/clock.hpp"
#include "common/errc.hpp"
#include "tryon/backoff.hpp"
#include "tryon/kling_client_impl.hpp"

namespace colors::tryon {

namespace {

std::string_view operation_of(call_kind kind) {
  switch (kind) {
    case call_kind::create:
      return "create";
    case call_kind::download:
      return "download";
    default:
      return "query";
  }
}

// Kling's table codes as they are; anything else one label, so the series stay few.
std::string code_label(int code) {
  if (code == 0)
    return "0";
  for (int known : kling_error_codes)
    if (known == code)
      return std::to_string(code);
  return "other";
}

std::string status_class(long status) {
  return std::to_string(status / 100) + "xx";
}

bool server_side(int code) {
  return code >= 5000 && code < 6000; // 5xx, timeouts, bodies that are not envelopes
}

// How a failed download ends; nullopt when it is worth retrying.
std::optional<errc> download_failure(CURLcode code, long status, bool too_large) {
  bool bad_request = too_large || code == CURLE_FILESIZE_EXCEEDED || code == CURLE_URL_MALFORMAT
                     || code == CURLE_UNSUPPORTED_PROTOCOL;
  if (bad_request)
    return errc::invalid_argument;
  if (code != CURLE_OK || status >= 500 || status == 429 || status == 408)
    return std::nullopt;
  if (status == 404 || status == 410)
    return errc::not_found; // the result expired (Kling keeps results 30 days)
  return errc::invalid_argument;
}

double seconds_since(const transfer& t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t.started).count();
}

} // namespace

transfer_spec kling_client::impl::spec_of(const kling_call& call) {
  transfer_spec spec;
  std::string base = opts.base_url + std::string{kling_try_on_path};
  switch (call.kind) {
    case call_kind::create:
      spec.url = base;
      spec.post_body = &call.body;
      break;
    case call_kind::query:
    case call_kind::external_path:
      spec.url = base + "/" + percent_encode(call.target);
      break;
    case call_kind::external_param:
      spec.url = base + "?external_task_id=" + percent_encode(call.target);
      break;
    case call_kind::download:
      spec.url = call.target;
      spec.follow_redirects = true;
      break;
  }
  if (call.kind != call_kind::download)
    spec.bearer = tokens.token(unix_millis() / 1000);
  spec.connect_timeout = opts.connect_timeout;
  spec.request_timeout = opts.request_timeout;
  spec.max_bytes = opts.max_download_bytes;
  return spec;
}

void kling_client::impl::on_done(call_ptr call, std::unique_ptr<transfer> t, CURLcode code) {
  auto op = operation_of(call->kind);
  if (call->kind == call_kind::download) {
    observe_kling_request(op, code == CURLE_OK ? status_class(http_status_of(*t)) : "transport",
                          seconds_since(*t));
    return on_download(std::move(call), *t, code);
  }
  if (code != CURLE_OK) {
    observe_kling_request(op, "transport", seconds_since(*t));
    breaker.on_failure(std::chrono::steady_clock::now());
    publish(std::chrono::steady_clock::now()); // before any callback looks at stats()
    int kling_code = code == CURLE_OPERATION_TIMEDOUT ? 5002 : 5000;
    return retry_or_finish(std::move(call), kling_code, transport_message(*t, code));
  }
  auto reply = classify_reply(static_cast<unsigned>(http_status_of(*t)), t->body);
  observe_kling_request(op, code_label(reply.code), seconds_since(*t));
  if (server_side(reply.code))
    breaker.on_failure(std::chrono::steady_clock::now());
  else
    breaker.on_success(); // the server answered, even if it said no
  publish(std::chrono::steady_clock::now());
  on_api_reply(std::move(call), reply);
}

void kling_client::impl::on_api_reply(call_ptr call, const kling_reply& reply) {
  if (reply.ok)
    return on_task(std::move(call), reply);
  if (reply.code == 1303 && call->kind == call_kind::create)
    return requeue(std::move(call));
  if (reply.action == kling_action::remint && !call->reminted) {
    tokens.invalidate();
    call->reminted = true;
    return start_attempt(std::move(call));
  }
  if (reply.action == kling_action::retry)
    return retry_or_finish(std::move(call), reply.code, reply.message);
  bool not_by_path = reply.code >= 1200 && reply.code <= 1203;
  if (call->kind == call_kind::external_path && not_by_path) { // KLING.md: the id's slot is unclear
    call->kind = call_kind::external_param;
    return start_attempt(std::move(call));
  }
  finish(std::move(call), failure(reply.code, reply.message, false));
}

void kling_client::impl::on_task(call_ptr call, const kling_reply& reply) {
  auto task = parse_task(reply.envelope.data);
  if (!task)
    return retry_or_finish(std::move(call), 5000,
                           "a success without a task object: " + message_of(task.error()));
  if (call->kind == call_kind::create) {
    pauses = 0;
    std::lock_guard guard{mutex};
    running.insert(task->task_id);
    gauges.running = running.size();
  }
  kling_outcome out;
  out.ok = true;
  out.message = reply.message;
  out.task = std::move(*task);
  finish(std::move(call), std::move(out));
}

void kling_client::impl::on_download(call_ptr call, transfer& t, CURLcode code) {
  long status = http_status_of(t);
  if (code == CURLE_OK && status >= 200 && status < 300)
    return finish_download(std::move(call), std::move(t.body));
  auto message = code != CURLE_OK ? transport_message(t, code)
                                  : "result download: HTTP " + std::to_string(status);
  if (auto final_code = download_failure(code, status, t.too_large))
    return finish_download(std::move(call), make_error(*final_code, std::move(message)));
  retry_or_finish(std::move(call), 5000, std::move(message));
}

void kling_client::impl::requeue(call_ptr call) {
  release(*call); // the slot it reserved was not granted
  call->in_queue = true;
  gauges.queued++;
  creates.push_front(std::move(call)); // first in line when creates resume
  auto now = std::chrono::steady_clock::now();
  if (now < paused_until)
    return; // one more 1303 of creates sent together: the same pause, not a longer one
  auto pause = pause_jitter(pauses++, opts.concurrency_backoff_initial, opts.backoff_max,
                            std::uniform_real_distribution<>{0, 1}(rng));
  paused_until = now + pause;
}

bool kling_client::impl::retry_later(call_ptr& call) {
  if (++call->failures >= opts.max_attempts)
    return false;
  auto delay = full_jitter(call->failures - 1, opts.backoff_initial, opts.backoff_max,
                           std::uniform_real_distribution<>{0, 1}(rng));
  timers.emplace(std::chrono::steady_clock::now() + delay, std::move(call));
  return true;
}

void kling_client::impl::retry_or_finish(call_ptr call, int code, std::string message) {
  if (retry_later(call))
    return;
  message += " (gave up after " + std::to_string(call->attempts) + " attempts)";
  finish(std::move(call), failure(code, std::move(message), true));
}

void kling_client::impl::release(kling_call& call) {
  if (call.in_queue) {
    call.in_queue = false;
    gauges.queued--;
  }
  if (call.holds_slot) {
    call.holds_slot = false;
    creates_out--;
  }
}

void kling_client::impl::finish(call_ptr call, kling_outcome out) {
  release(*call);
  if (call->kind == call_kind::download) {
    auto code = out.retryable ? errc::unavailable : errc::invalid_argument;
    return finish_download(std::move(call), make_error(code, std::move(out.message)));
  }
  out.attempts = call->attempts;
  call->done(std::move(out));
}

void kling_client::impl::finish_download(call_ptr call, caf::expected<std::string> result) {
  release(*call);
  call->fetched(std::move(result));
}

} // namespace colors::tryon
