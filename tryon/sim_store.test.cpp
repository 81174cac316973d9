#include "tryon/sim_store.hpp"

#include "events/test_support.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace colors::tryon;
namespace fs = std::filesystem;

namespace {

sim_task task(const std::string& id) {
  sim_task t;
  t.account = "ak";
  t.task.task_id = id;
  t.task.created_at = t.task.updated_at = 1000;
  t.callback_url = "http://127.0.0.1:1/cb";
  t.done_at = 2000;
  return t;
}

} // namespace

TEST_CASE("tasks, inputs and results survive reopening the directory") {
  colors::events::testing::temp_dir tmp;
  fs::path dir = tmp.path();
  {
    auto store = sim_store::open(dir);
    REQUIRE(store);
    CHECK_FALSE(store->save(task("a")));
    CHECK_FALSE(store->save(task("b")));
    CHECK_FALSE(store->save_inputs("a", {"HUMAN", "CLOTH"}));
    CHECK_FALSE(store->save_result("b", "JPEG"));
  }
  auto store = sim_store::open(dir);
  REQUIRE(store);
  auto all = store->load_all();
  CHECK(all.size() == 2);
  auto inputs = store->load_inputs("a");
  REQUIRE(inputs);
  CHECK(inputs->human == "HUMAN");
  CHECK(inputs->cloth == "CLOTH");
  CHECK(store->load_result("b") == "JPEG");
  CHECK_FALSE(store->load_result("a"));
  store->remove_inputs("a");
  CHECK_FALSE(store->load_inputs("a"));
  store->remove("b");
  CHECK(store->load_all().size() == 1);
}

TEST_CASE("an unreadable task file is skipped and named") {
  colors::events::testing::temp_dir tmp;
  fs::path dir = tmp.path();
  auto store = sim_store::open(dir);
  REQUIRE(store);
  CHECK_FALSE(store->save(task("good")));
  std::ofstream{dir / "tasks" / "bad.json"} << "{not json";
  std::vector<std::string> unreadable;
  CHECK(store->load_all(&unreadable).size() == 1);
  CHECK(unreadable.size() == 1);
}
