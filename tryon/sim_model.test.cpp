#include "tryon/sim_model.hpp"

#include <doctest/doctest.h>

using namespace colors::tryon;

namespace {

constexpr int64_t t0 = 1'800'000'000'000;

sim_config fast(size_t concurrency = 5) {
  sim_config c;
  c.latency = {100, 100};
  c.concurrency = concurrency;
  c.result_ttl_ms = 1000;
  return c;
}

create_task_request request(std::optional<std::string> external = std::nullopt) {
  create_task_request r;
  r.external_task_id = std::move(external);
  return r;
}

std::string created_id(sim_model& m, const std::string& account, int64_t now,
                       std::optional<std::string> external = std::nullopt) {
  auto made = m.create(account, request(std::move(external)), now);
  REQUIRE(std::holds_alternative<sim_task>(made));
  return std::get<sim_task>(made).task.task_id;
}

int refusal(const std::variant<sim_task, sim_error>& made) {
  return std::holds_alternative<sim_error>(made) ? std::get<sim_error>(made).code : 0;
}

} // namespace

TEST_CASE("a task goes submitted -> processing -> due -> succeed on the latency's schedule") {
  sim_model m{fast()};
  auto id = created_id(m, "ak", t0);
  CHECK(m.find("ak", id, t0)->task.status == task_status::submitted);
  CHECK(m.advance(t0 + 24).started.empty());
  auto step = m.advance(t0 + 25);
  CHECK(step.started == std::vector<std::string>{id});
  CHECK(step.due.empty());
  CHECK(m.find("ak", id, t0 + 25)->task.status == task_status::processing);
  CHECK(m.advance(t0 + 100).due == std::vector<std::string>{id});
  CHECK(m.advance(t0 + 101).due.empty()); // reported once
  auto* done = m.complete(id, {true, "http://sim/results/x.jpg"}, t0 + 120);
  REQUIRE(done);
  CHECK(done->task.status == task_status::succeed);
  CHECK(done->task.updated_at == t0 + 120);
  CHECK(done->task.images == std::vector<result_image>{{0, "http://sim/results/x.jpg"}});
  CHECK_FALSE(m.complete(id, {true, "again"}, t0 + 130));
}

TEST_CASE("a failed rendering ends the task with its reason") {
  sim_model m{fast()};
  auto id = created_id(m, "ak", t0);
  m.advance(t0 + 100);
  auto* done = m.complete(id, {false, "no person found"}, t0 + 100);
  CHECK(done->task.status == task_status::failed);
  CHECK(done->task.status_msg == "no person found");
}

TEST_CASE("uniform latency stays within its bounds and varies with the seed") {
  sim_config c = fast();
  c.latency = {50, 500};
  sim_model m{c};
  std::set<int64_t> seen;
  for (int i = 0; i < 20; ++i) {
    auto made = std::get<sim_task>(m.create("ak" + std::to_string(i), request(), t0));
    CHECK(made.done_at - t0 >= 50);
    CHECK(made.done_at - t0 <= 500);
    seen.insert(made.done_at);
  }
  CHECK(seen.size() > 5);
}

TEST_CASE("the account's concurrency limit answers 1303 and a slot frees when a task ends") {
  sim_model m{fast(2)};
  auto a = created_id(m, "ak", t0);
  created_id(m, "ak", t0);
  CHECK(refusal(m.create("ak", request(), t0)) == 1303);
  CHECK(refusal(m.create("other", request(), t0)) == 0); // per account
  m.advance(t0 + 100);
  CHECK(refusal(m.create("ak", request(), t0 + 100)) == 1303); // processing still holds it
  m.complete(a, {false, "failed too"}, t0 + 100);
  CHECK(m.active("ak") == 1);
  CHECK(refusal(m.create("ak", request(), t0 + 100)) == 0);
}

TEST_CASE("external ids are unique per account and find their task") {
  sim_model m{fast()};
  auto id = created_id(m, "ak", t0, "order-1");
  CHECK(refusal(m.create("ak", request("order-1"), t0)) == 1201);
  CHECK(refusal(m.create("other", request("order-1"), t0)) == 0);
  CHECK(m.find_external("ak", "order-1", t0)->task.task_id == id);
  CHECK_FALSE(m.find_external("ak", "order-2", t0));
  CHECK_FALSE(m.find("other", id, t0)); // another account's task is not found
}

TEST_CASE("ended tasks expire after the result TTL and are erased") {
  sim_model m{fast()};
  auto id = created_id(m, "ak", t0);
  m.advance(t0 + 100);
  m.complete(id, {true, "u"}, t0 + 100);
  CHECK(m.find("ak", id, t0 + 1099));
  CHECK_FALSE(m.find("ak", id, t0 + 1100));
  CHECK(m.advance(t0 + 1100).expired == std::vector<std::string>{id});
  CHECK_FALSE(m.get(id));
}

TEST_CASE("listing pages newest first") {
  sim_model m{fast(10)};
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(created_id(m, "ak", t0 + i));
  auto first = m.list("ak", 1, 2, t0 + 10);
  REQUIRE(first.size() == 2);
  CHECK(first[0].task_id == ids[4]);
  CHECK(first[1].task_id == ids[3]);
  CHECK(m.list("ak", 3, 2, t0 + 10).size() == 1);
  CHECK(m.list("ak", 4, 2, t0 + 10).empty());
  CHECK(m.list("other", 1, 30, t0 + 10).empty());
}

TEST_CASE("fault injection is seeded: the same seed gives the same faults at the set rates") {
  sim_config c = fast();
  c.faults = {0.2, 0.1, 0.1, 0.5};
  sim_model a{c}, b{c};
  std::map<sim_fault, int> counts;
  int drops = 0;
  for (int i = 0; i < 2000; ++i) {
    auto f = a.next_fault();
    CHECK(f == b.next_fault());
    ++counts[f];
    drops += a.drop_callback() ? 1 : 0;
    b.drop_callback();
  }
  CHECK(counts[sim_fault::server_error] == doctest::Approx(400).epsilon(0.25));
  CHECK(counts[sim_fault::hang] == doctest::Approx(200).epsilon(0.3));
  CHECK(counts[sim_fault::malformed] == doctest::Approx(200).epsilon(0.3));
  CHECK(drops == doctest::Approx(1000).epsilon(0.15));
  sim_model quiet{fast()};
  for (int i = 0; i < 100; ++i)
    CHECK(quiet.next_fault() == sim_fault::none);
}

TEST_CASE("a task record round-trips and a restored task carries on") {
  sim_model m{fast()};
  auto made = std::get<sim_task>(m.create("ak", request("ext"), t0));
  made.callback_url = "http://127.0.0.1:1/cb";
  auto parsed = parse_sim_task(to_json(made));
  REQUIRE(parsed);
  CHECK(parsed->account == "ak");
  CHECK(parsed->task == made.task);
  CHECK(parsed->callback_url == made.callback_url);
  CHECK(parsed->done_at == made.done_at);
  sim_model after{fast()};
  after.restore(*parsed);
  CHECK(after.active("ak") == 1);
  CHECK(after.advance(t0 + 100).due == std::vector<std::string>{made.task.task_id});
}
