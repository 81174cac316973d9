#include "projections/tryon_tasks.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::projections;
namespace t = colors::domain::tryon_task;

namespace {

// The stored events of a task, as the log would hold them.
struct task_log {
  std::string id;
  t::state state;
  std::vector<events::envelope> events;
  uint64_t* seq;

  void run(const t::command& cmd) {
    auto evs = t::decide(state, cmd);
    REQUIRE(evs);
    for (const auto& ev : *evs) {
      state = t::evolve(std::move(state), ev);
      auto stored = t::encode(ev);
      events::envelope env;
      env.set_global_seq((*seq)++);
      env.set_stream_id("tryon-" + id);
      env.set_stream_version(state.revision());
      env.set_type(stored.type);
      env.set_payload(stored.payload);
      events.push_back(env);
    }
  }
};

t::command request(const std::string& id, const std::string& user, int64_t now,
                   const std::string& key = "") {
  t::command c;
  c.set_now(now);
  auto* r = c.mutable_request();
  r->set_task_id(id);
  r->set_user_id(user);
  r->set_product_id("p1");
  r->set_reference_image_id("ref");
  r->set_garment_image_id("garment");
  r->set_model("kolors-virtual-try-on-v1-5");
  r->set_callback_secret("0123456789abcdef0123");
  r->set_idempotency_key(key);
  return c;
}

t::command at(int64_t now) {
  t::command c;
  c.set_now(now);
  return c;
}

} // namespace

TEST_CASE("the try-on read model lists a user's tasks newest first, by status, with paging") {
  uint64_t seq = 1;
  tryon_tasks model;
  std::vector<events::envelope> batch;
  for (int i = 0; i < 5; ++i) {
    task_log task{"t" + std::to_string(i), {}, {}, &seq};
    task.run(request(task.id, "u1", 1000 + i));
    if (i % 2 == 0) {
      auto fail = at(2000);
      fail.mutable_fail()->set_message("No person was found in the photo.");
      task.run(fail);
    }
    batch.insert(batch.end(), task.events.begin(), task.events.end());
  }
  model.apply(batch);
  model.apply(batch); // a feed's overlap changes nothing
  CHECK(model.size() == 5);
  auto all = model.list("u1", {}, 0, 10);
  REQUIRE(all.size() == 5);
  CHECK(all.front().request().task_id() == "t4");
  CHECK(all.back().request().task_id() == "t0");
  auto failed = model.list("u1", {"FAILED"}, 1, 10);
  REQUIRE(failed.size() == 2);
  CHECK(failed.front().request().task_id() == "t2");
  CHECK(model.list("u1", {"SUBMITTED"}, 0, 1).front().request().task_id() == "t3");
  CHECK(model.list("u2", {}, 0, 10).empty());
  CHECK(model.requested_since("u1", 1003, {}).count == 2);
  auto view = model.requested_since("u1", 1003, {"t9", "t1", "t3"});
  CHECK(view.count == 2);
  CHECK(view.shown == std::vector<std::string>{"t1", "t3"});
  CHECK(model.list("u1", {}, 0, 10, 1003).size() == 2);
  CHECK(model.find("t1")->status() == "REQUESTED");
  CHECK_FALSE(model.find("t9"));
}

TEST_CASE("the try-on read model shows a task as it was after each of its events") {
  uint64_t seq = 1;
  task_log task{"t1", {}, {}, &seq};
  task.run(request("t1", "u1", 1000));
  task.run([] { auto c = at(2000); c.mutable_begin_submit(); return c; }());
  task.run([] { auto c = at(3000); c.mutable_mark_submitted()->set_kling_task_id("k1"); return c; }());
  task.run([] { auto c = at(4000); c.mutable_mark_processing(); return c; }());
  task.run([] { auto c = at(5000); c.mutable_succeed()->set_result_image_id("img"); return c; }());
  tryon_tasks model;
  model.apply(task.events);
  CHECK(model.at_version("t1", 4)->status() == "PROCESSING");
  CHECK(model.at_version("t1", 4)->result().result_image_id().empty());
  CHECK(model.at_version("t1", 4)->updated_at() == 4000);
  CHECK(model.at_version("t1", 5)->result().result_image_id() == "img");
  CHECK_FALSE(model.at_version("t1", 6));
  CHECK_FALSE(model.at_version("t1", 0));
}

TEST_CASE("successful results are cached by their inputs, and idempotency keys find their task") {
  uint64_t seq = 1;
  task_log task{"t1", {}, {}, &seq};
  task.run(request("t1", "u1", 1000, "key-1"));
  task.run([] { auto c = at(5000); c.mutable_succeed()->set_result_image_id("img"); return c; }());
  tryon_tasks model;
  model.apply(task.events);
  tryon_cache_key key{"u1", "p1", "", "ref", "garment", "kolors-virtual-try-on-v1-5"};
  REQUIRE(model.cached_result(key, 0));
  CHECK(model.cached_result(key, 0)->result_image_id == "img");
  CHECK(model.cached_result(key, 0)->source_task_id == "t1");
  CHECK_FALSE(model.cached_result(key, 6000)); // too old
  auto other_photo = key;
  other_photo.reference_image_id = "ref2";
  CHECK_FALSE(model.cached_result(other_photo, 0));
  CHECK(model.by_idempotency_key("u1", "key-1") == "t1");
  CHECK_FALSE(model.by_idempotency_key("u2", "key-1"));
}

TEST_CASE("the daily quota counts a user's requests since a moment, cache hits excluded") {
  uint64_t seq = 1;
  tryon_tasks model;
  auto add = [&](const std::string& id, int64_t now, bool from_cache) {
    task_log task{id, {}, {}, &seq};
    task.run(request(id, "u1", now));
    if (from_cache)
      task.run([now] {
        auto c = at(now);
        c.mutable_succeed()->set_result_image_id("img");
        c.mutable_succeed()->set_from_cache(true);
        return c;
      }());
    model.apply(task.events);
  };
  add("t0", 1000, false);
  add("t1", 1001, false);
  add("t2", 1002, true);
  add("t3", 1003, false);
  CHECK(model.requested_since("u1", 0, {}).count == 3);
  CHECK(model.requested_since("u1", 1001, {}).count == 2);
  CHECK(model.requested_since("u1", 1002, {}).count == 1);
  CHECK(model.requested_since("u1", 1004, {}).count == 0);
  CHECK(model.requested_since("u2", 0, {}).count == 0);
  // Stamped a moment before the request ahead of it in the log: it counts at that one's time.
  add("t4", 999, false);
  add("t5", 998, true);
  CHECK(model.requested_since("u1", 1003, {}).count == 2);
  CHECK(model.requested_since("u1", 0, {}).count == 4);
  CHECK(model.list("u1", {}, 0, 10).size() == 6);
  CHECK(model.list("u1", {}, 0, 10, 1003).size() == 3); // t3, t4, t5
}
