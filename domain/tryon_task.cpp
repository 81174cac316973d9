#include "domain/tryon_task.hpp"

#include "common/errc.hpp"
#include "domain/codec.hpp"

namespace colors::domain::tryon_task {

namespace {

using events::TryOnTaskCommand;
using events::TryOnTaskEvent;
using result = caf::expected<std::vector<event>>;

constexpr const char* event_type = "colors.events.TryOnTaskEvent";

std::vector<event> nothing() { return {}; }

template <class F>
std::vector<event> one(const command& cmd, F set) {
  event ev;
  ev.set_at(cmd.now());
  set(ev);
  return {std::move(ev)};
}

bool is(const state& s, std::string_view status) { return s.status() == status; }

caf::error conflict(std::string message) {
  return make_error(errc::conflict, std::move(message));
}

caf::error validate(const events::TryOnRequested& r) {
  if (r.task_id().empty() || r.user_id().empty() || r.product_id().empty())
    return make_error(errc::invalid_argument, "A try-on task needs a task, a user and a product.");
  if (r.reference_image_id().empty() || r.garment_image_id().empty())
    return make_error(errc::invalid_argument, "A try-on task needs a photo and a garment image.");
  if (r.model().empty() || r.callback_secret().size() < 16)
    return make_error(errc::invalid_argument, "A try-on task needs a model and a callback secret.");
  return {};
}

result request(const state& s, const command& cmd) {
  if (exists(s))
    return make_error(errc::duplicate, "This try-on task exists already.");
  if (auto err = validate(cmd.request()))
    return err;
  return one(cmd, [&](event& ev) { *ev.mutable_requested() = cmd.request(); });
}

// A new attempt to create the Kling task: from REQUESTED only (a task left SUBMITTING by a
// crash is looked up first, and marked submitted or retried).
result begin_submit(const state& s, const command& cmd) {
  if (!is(s, requested))
    return conflict("This try-on task is not waiting to be submitted.");
  return one(cmd, [&](event& ev) { ev.mutable_submitting()->set_attempt(s.submit_attempts() + 1); });
}

result mark_submitted(const state& s, const command& cmd) {
  const auto& id = cmd.mark_submitted().kling_task_id();
  if (id.empty())
    return make_error(errc::invalid_argument, "A submitted task needs Kling's task id.");
  if ((!s.kling_task_id().empty() && s.kling_task_id() == id) || is_final(s))
    return nothing(); // a repeat, or Kling's late answer for a task cancelled meanwhile
  if (!is(s, submitting))
    return conflict("This try-on task is not being submitted.");
  return one(cmd, [&](event& ev) { *ev.mutable_submitted() = cmd.mark_submitted(); });
}

result mark_processing(const state& s, const command& cmd) {
  if (is(s, submitted))
    return one(cmd, [&](event& ev) { ev.mutable_processing(); });
  return nothing(); // already processing or done: a late or repeated report
}

result succeed(const state& s, const command& cmd) {
  if (is(s, succeeded))
    return nothing();
  if (is(s, failed))
    return conflict("This try-on task failed already.");
  if (cmd.succeed().result_image_id().empty())
    return make_error(errc::invalid_argument, "A succeeded task needs its result image.");
  return one(cmd, [&](event& ev) { *ev.mutable_succeeded() = cmd.succeed(); });
}

result fail(const state& s, const command& cmd) {
  if (is_final(s))
    return nothing();
  if (cmd.fail().message().empty())
    return make_error(errc::invalid_argument, "A failed task needs a message.");
  return one(cmd, [&](event& ev) { *ev.mutable_failed() = cmd.fail(); });
}

result retry(const state& s, const command& cmd) {
  if (is_final(s) || is(s, requested))
    return conflict("This try-on task is not waiting on Kling.");
  if (s.retries() >= max_retries)
    return conflict("This try-on task was submitted again already.");
  return one(cmd, [&](event& ev) { *ev.mutable_retried() = cmd.retry(); });
}

void apply_requested(state& s, const event& ev) {
  *s.mutable_request() = ev.requested();
  s.set_created_at(ev.at());
}

void apply_submitted(state& s, const event& ev) {
  s.set_kling_task_id(ev.submitted().kling_task_id());
  if (s.submitted_at() == 0)
    s.set_submitted_at(ev.at());
}

void apply_retried(state& s) {
  s.set_retries(s.retries() + 1);
  s.clear_kling_task_id();
}

} // namespace

bool is_final(const state& s) { return is(s, succeeded) || is(s, failed); }

std::string_view public_status(std::string_view status) {
  if (status == requested || status == submitting)
    return submitted;
  return status;
}

caf::expected<std::vector<event>> decide(const state& s, const command& cmd) {
  if (cmd.kind_case() == TryOnTaskCommand::kRequest)
    return request(s, cmd);
  if (!exists(s))
    return make_error(errc::not_found, "No such try-on task.");
  switch (cmd.kind_case()) {
    case TryOnTaskCommand::kBeginSubmit: return begin_submit(s, cmd);
    case TryOnTaskCommand::kMarkSubmitted: return mark_submitted(s, cmd);
    case TryOnTaskCommand::kMarkProcessing: return mark_processing(s, cmd);
    case TryOnTaskCommand::kSucceed: return succeed(s, cmd);
    case TryOnTaskCommand::kFail: return fail(s, cmd);
    case TryOnTaskCommand::kRetry: return retry(s, cmd);
    default: return make_error(errc::invalid_argument, "Unknown try-on task command.");
  }
}

std::string_view status_after(const event& ev) {
  switch (ev.kind_case()) {
    case TryOnTaskEvent::kRequested: return requested;
    case TryOnTaskEvent::kSubmitting: return submitting;
    case TryOnTaskEvent::kSubmitted: return submitted;
    case TryOnTaskEvent::kProcessing: return processing;
    case TryOnTaskEvent::kSucceeded: return succeeded;
    case TryOnTaskEvent::kFailed: return failed;
    case TryOnTaskEvent::kRetried: return requested;
    default: return {};
  }
}

state evolve(state s, const event& ev) {
  s.set_revision(s.revision() + 1);
  s.set_updated_at(ev.at());
  if (auto status = status_after(ev); !status.empty())
    s.set_status(std::string{status});
  switch (ev.kind_case()) {
    case TryOnTaskEvent::kRequested: apply_requested(s, ev); break;
    case TryOnTaskEvent::kSubmitting: s.set_submit_attempts(ev.submitting().attempt()); break;
    case TryOnTaskEvent::kSubmitted: apply_submitted(s, ev); break;
    case TryOnTaskEvent::kSucceeded: *s.mutable_result() = ev.succeeded(); break;
    case TryOnTaskEvent::kFailed: *s.mutable_failure() = ev.failed(); break;
    case TryOnTaskEvent::kRetried: apply_retried(s); break;
    default: break;
  }
  if (is_final(s))
    s.set_completed_at(ev.at());
  return s;
}

events::new_event encode(const event& ev) {
  return encode_message(event_type, ev);
}

caf::expected<event> decode(const events::envelope& env) {
  return decode_event<event>(env, event_type, "try-on task");
}

caf::expected<state> aggregate::decode_state(const std::string& bytes) {
  return decode_snapshot<state>(bytes, "try-on task");
}

} // namespace colors::domain::tryon_task
