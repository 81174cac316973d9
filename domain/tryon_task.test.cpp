#include "domain/tryon_task.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::domain;
namespace t = colors::domain::tryon_task;

namespace {

t::command at(int64_t now) {
  t::command c;
  c.set_now(now);
  return c;
}

t::command request_cmd() {
  auto c = at(1000);
  auto* r = c.mutable_request();
  r->set_task_id("t1");
  r->set_user_id("u1");
  r->set_product_id("p1");
  r->set_reference_image_id("ref");
  r->set_garment_image_id("garment");
  r->set_model("kolors-virtual-try-on-v1-5");
  r->set_callback_secret("0123456789abcdef0123");
  return c;
}

t::command submitted_cmd(const std::string& kling_id) {
  auto c = at(3000);
  c.mutable_mark_submitted()->set_kling_task_id(kling_id);
  return c;
}

t::command begin_cmd() {
  auto c = at(2000);
  c.mutable_begin_submit();
  return c;
}

t::command succeed_cmd(const std::string& image = "result") {
  auto c = at(5000);
  c.mutable_succeed()->set_result_image_id(image);
  return c;
}

t::command fail_cmd() {
  auto c = at(5000);
  c.mutable_fail()->set_message("No person was found in the photo.");
  return c;
}

t::state apply(t::state s, const t::command& c) {
  auto events = t::decide(s, c);
  REQUIRE_MESSAGE(events, (events ? "" : message_of(events.error())));
  for (const auto& ev : *events)
    s = t::evolve(std::move(s), ev);
  return s;
}

size_t events_of(const t::state& s, const t::command& c) {
  auto events = t::decide(s, c);
  REQUIRE(events);
  return events->size();
}

std::optional<errc> refusal(const t::state& s, const t::command& c) {
  auto events = t::decide(s, c);
  REQUIRE_FALSE(events);
  return code_of(events.error());
}

} // namespace

TEST_CASE("a task is requested once, with everything it needs, and is remembered until final") {
  auto s = apply({}, request_cmd());
  CHECK(t::exists(s));
  CHECK(s.status() == "REQUESTED");
  CHECK(t::public_status(s.status()) == "SUBMITTED");
  CHECK(s.created_at() == 1000);
  CHECK(t::aggregate::remembered(s));
  CHECK(refusal(s, request_cmd()) == errc::duplicate);
  auto no_photo = request_cmd();
  no_photo.mutable_request()->clear_reference_image_id();
  CHECK(refusal({}, no_photo) == errc::invalid_argument);
  auto short_secret = request_cmd();
  short_secret.mutable_request()->set_callback_secret("abc");
  CHECK(refusal({}, short_secret) == errc::invalid_argument);
  CHECK(refusal({}, succeed_cmd()) == errc::not_found);
}

TEST_CASE("the happy path records the intent, Kling's id, processing and the result") {
  auto s = apply(apply({}, request_cmd()), begin_cmd());
  CHECK(s.status() == "SUBMITTING");
  CHECK(s.submit_attempts() == 1);
  CHECK(refusal(s, begin_cmd()) == errc::conflict);
  s = apply(s, submitted_cmd("k1"));
  CHECK(s.status() == "SUBMITTED");
  CHECK(s.kling_task_id() == "k1");
  CHECK(s.submitted_at() == 3000);
  CHECK(events_of(s, submitted_cmd("k1")) == 0); // a repeat
  CHECK(refusal(s, submitted_cmd("k2")) == errc::conflict);
  auto processing = at(4000);
  processing.mutable_mark_processing();
  s = apply(s, processing);
  CHECK(s.status() == "PROCESSING");
  CHECK(events_of(s, processing) == 0);
  s = apply(s, succeed_cmd());
  CHECK(s.status() == "SUCCEEDED");
  CHECK(s.result().result_image_id() == "result");
  CHECK(s.completed_at() == 5000);
  CHECK_FALSE(t::aggregate::remembered(s));
  CHECK(events_of(s, succeed_cmd()) == 0);
  CHECK(events_of(s, processing) == 0); // a late poll after the end
  CHECK(events_of(s, fail_cmd()) == 0);
  CHECK(s.revision() == 5);
}

TEST_CASE("a failure is final and keeps its message; a later success is refused") {
  auto s = apply(apply(apply({}, request_cmd()), begin_cmd()), fail_cmd());
  CHECK(s.status() == "FAILED");
  CHECK(s.failure().message() == "No person was found in the photo.");
  CHECK(refusal(s, succeed_cmd()) == errc::conflict);
  CHECK(events_of(s, submitted_cmd("k1")) == 0); // Kling's late answer after a cancel
  auto empty = fail_cmd();
  empty.mutable_fail()->clear_message();
  CHECK(refusal(apply({}, request_cmd()), empty) == errc::invalid_argument);
}

TEST_CASE("a cached result goes from requested straight to succeeded") {
  auto cached = succeed_cmd("earlier");
  cached.mutable_succeed()->set_from_cache(true);
  cached.mutable_succeed()->set_source_task_id("t0");
  auto s = apply(apply({}, request_cmd()), cached);
  CHECK(s.status() == "SUCCEEDED");
  CHECK(s.result().from_cache());
  CHECK(s.submit_attempts() == 0);
}

TEST_CASE("a task Kling lost is submitted again once, then it cannot be retried") {
  auto s = apply(apply(apply({}, request_cmd()), begin_cmd()), submitted_cmd("k1"));
  auto retry = at(6000);
  retry.mutable_retry()->set_reason("Kling does not know task k1.");
  s = apply(s, retry);
  CHECK(s.status() == "REQUESTED");
  CHECK(s.retries() == 1);
  CHECK(s.kling_task_id().empty());
  s = apply(apply(s, begin_cmd()), submitted_cmd("k2"));
  CHECK(s.submit_attempts() == 2);
  CHECK(s.kling_task_id() == "k2");
  CHECK(s.submitted_at() == 3000); // the first acceptance
  CHECK(refusal(s, retry) == errc::conflict);
  CHECK(refusal(apply({}, request_cmd()), retry) == errc::conflict);
}

TEST_CASE("events and snapshots round-trip through their stored forms") {
  auto s = apply(apply({}, request_cmd()), begin_cmd());
  auto events = t::decide(s, submitted_cmd("k1"));
  REQUIRE(events);
  auto stored = t::encode(events->front());
  events::envelope env;
  env.set_type(stored.type);
  env.set_payload(stored.payload);
  auto back = t::decode(env);
  REQUIRE(back);
  CHECK(back->submitted().kling_task_id() == "k1");
  auto snap = t::aggregate::decode_state(t::aggregate::encode_state(s));
  REQUIRE(snap);
  CHECK(snap->status() == "SUBMITTING");
  CHECK(t::status_after(events->front()) == "SUBMITTED");
}
