#include "api/tryon_quota.hpp"

#include <doctest/doctest.h>

#include <set>
#include <vector>

using colors::api::listed_tasks;
using colors::api::read_listed;
using colors::api::tryon_quota;

namespace {

// A read model in miniature: the tasks it shows.
struct shown_tasks {
  std::set<std::string> ids;
  read_listed view() {
    return [this](const std::vector<std::string>& asked) {
      listed_tasks listed{ids.size(), {}};
      for (const auto& id : asked)
        if (ids.count(id))
          listed.shown.push_back(id);
      return listed;
    };
  }
};

// Holds for `tasks` of user u1, each of which must be granted.
std::vector<std::shared_ptr<void>> granted(tryon_quota& quota, shown_tasks& model,
                                           std::initializer_list<const char*> tasks) {
  std::vector<std::shared_ptr<void>> holds;
  for (const auto* task : tasks) {
    holds.push_back(quota.hold("u1", task, model.view()));
    REQUIRE(holds.back());
  }
  return holds;
}

read_listed none_listed() {
  return [](const std::vector<std::string>&) { return listed_tasks{}; };
}

} // namespace

TEST_CASE("the try-on quota counts holds beside the listed tasks, per user, until given back") {
  auto quota = std::make_shared<tryon_quota>(3);
  shown_tasks model{{"t0"}};
  std::vector<std::shared_ptr<void>> holds;
  holds.push_back(quota->hold("u1", "t1", model.view()));
  holds.push_back(quota->hold("u1", "t2", model.view()));
  CHECK(holds[0]);
  CHECK(holds[1]);
  CHECK_FALSE(quota->hold("u1", "t3", model.view())); // 1 listed + 2 held
  CHECK(quota->hold("u2", "t9", none_listed()));
  holds.pop_back(); // t2 given back before it was listed: its create failed
  auto again = quota->hold("u1", "t4", model.view());
  CHECK(again);
  CHECK_FALSE(quota->hold("u1", "t5", model.view()));
  CHECK(quota->per_day() == 3);
  CHECK_FALSE(std::make_shared<tryon_quota>(0)->hold("u1", "t1", none_listed()));
}

TEST_CASE("a held task the read model shows already counts once, before its hold is given back") {
  auto quota = std::make_shared<tryon_quota>(3);
  shown_tasks model;
  auto holds = granted(*quota, model, {"a", "b"});
  model.ids = {"a", "b"}; // listed; the creates have not answered yet, so both holds are out
  auto c = quota->hold("u1", "c", model.view());
  CHECK(c); // 2 tasks + 1 new = 3: not 5
  CHECK_FALSE(quota->hold("u1", "d", model.view()));
  holds[0].reset(); // released after being counted by the read model: changes nothing
  CHECK_FALSE(quota->hold("u1", "d", model.view()));
  CHECK(quota->hold("u1", "a", model.view())); // a retry of a listed task is that one task
}

TEST_CASE("holds of one task id, creates racing with one idempotency key, count once") {
  auto quota = std::make_shared<tryon_quota>(2);
  shown_tasks model;
  auto holds = granted(*quota, model, {"same", "same", "other"});
  holds[0].reset();
  CHECK_FALSE(quota->hold("u1", "third", model.view())); // "same" is still held by the second
}

TEST_CASE("a hold keeps its quota alive") {
  auto quota = std::make_shared<tryon_quota>(1);
  auto hold = quota->hold("u1", "t1", none_listed());
  REQUIRE(hold);
  quota.reset();
  hold.reset(); // gives back to the quota it kept alive
}
