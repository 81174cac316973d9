#include "http/live_subscriptions.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

#include <atomic>

using namespace colors;
using namespace colors::http;
namespace json = boost::json;

namespace {

constexpr const char* sdl = R"(
type Query { ok: Boolean }
type Counter { id: ID! value: Int! double: Int! }
type Subscription { counterChanged(id: ID!): Counter }
)";

// The values the source serves, and how often it was asked (once per update per group).
struct counters {
  std::mutex mutex;
  std::map<std::string, int64_t> values;
  std::atomic<int> fetches{0};

  live_source source() {
    live_source s;
    s.topic = [](const json::object& args, const std::shared_ptr<void>&) -> caf::expected<std::string> {
      auto id = std::string{args.at("id").as_string()};
      if (id == "secret")
        return make_error(errc::forbidden, "You may not follow this counter.");
      return "counter-" + id;
    };
    s.current = [this](const std::string& topic, const events::envelope*,
                       graphql::resolve_done done) {
      ++fetches;
      std::lock_guard lock{mutex};
      auto it = values.find(topic);
      if (it == values.end()) {
        done(make_error(errc::not_found, "No such counter."));
        return;
      }
      done(json::value(json::object{{"id", topic}, {"value", it->second}, {"double", 2 * it->second}}));
    };
    s.is_final = [](const json::value& v) { return v.as_object().at("value").as_int64() >= 100; };
    return s;
  }
  void set(const std::string& topic, int64_t v) {
    std::lock_guard lock{mutex};
    values[topic] = v;
  }
};

// What one subscriber received.
struct recorder : operation_sink {
  std::vector<std::string> nexts;
  std::vector<std::string> errors;
  bool completed = false;
  void next(json::value v) override { nexts.push_back(json::serialize(v)); }
  void next_text(std::shared_ptr<const std::string> text) override { nexts.push_back(*text); }
  void error(json::array e) override { errors.push_back(json::serialize(e)); }
  void complete() override { completed = true; }
};

struct fixture {
  counters data;
  std::shared_ptr<const graphql::engine> engine;
  std::shared_ptr<projections::topic_hub> hub = projections::topic_hub::create(1);
  std::shared_ptr<live_subscriptions> live;
  uint64_t seq = 0;

  fixture() {
    graphql::error err;
    engine = graphql::engine::create(sdl, {}, {}, err);
    REQUIRE_MESSAGE(engine, err.message);
    live = live_subscriptions::create(engine, hub, {{"counterChanged", data.source()}});
  }

  std::pair<std::shared_ptr<operation_handle>, std::shared_ptr<recorder>>
  subscribe(const std::string& query, json::object variables = {}) {
    graphql::request req;
    req.query = query;
    req.variables = std::move(variables);
    auto prepared = engine->prepare(req);
    REQUIRE(std::holds_alternative<graphql::prepared_operation>(prepared));
    auto out = std::make_shared<recorder>();
    auto handle = live->start(std::get<graphql::prepared_operation>(prepared), nullptr, out);
    return {handle, out};
  }

  void commit(const std::string& topic, int64_t value) {
    data.set(topic, value);
    events::envelope env;
    env.set_global_seq(++seq);
    env.set_stream_id(topic);
    hub->publish({env});
  }
};

constexpr const char* by_id = "subscription { counterChanged(id: \"1\") { value } }";

} // namespace

TEST_CASE("identical subscriptions share one group: one fetch and one execution per update, "
          "the same result for each") {
  fixture f;
  f.data.set("counter-1", 1);
  auto [h1, a] = f.subscribe(by_id);
  auto [h2, b] = f.subscribe(by_id);
  CHECK(f.live->groups() == 1);
  CHECK(f.hub->listeners() == 1);
  CHECK(a->nexts == std::vector<std::string>{R"({"data":{"counterChanged":{"value":1}}})"});
  CHECK(b->nexts == a->nexts);
  int before = f.data.fetches;
  f.commit("counter-1", 2);
  f.commit("counter-2", 7); // another topic: nobody here listens
  CHECK(f.data.fetches == before + 1);
  CHECK(a->nexts.back() == R"({"data":{"counterChanged":{"value":2}}})");
  CHECK(b->nexts == a->nexts);
}

TEST_CASE("different variables, selections or topics make different groups") {
  fixture f;
  f.data.set("counter-1", 1);
  f.data.set("counter-2", 5);
  const char* by_var = "subscription($id: ID!) { counterChanged(id: $id) { value double } }";
  auto [h1, a] = f.subscribe(by_var, {{"id", "1"}});
  auto [h2, b] = f.subscribe(by_var, {{"id", "2"}});
  auto [h3, c] = f.subscribe(by_id);
  CHECK(f.live->groups() == 3);
  f.commit("counter-2", 6);
  CHECK(a->nexts.size() == 1);
  CHECK(b->nexts.back() == R"({"data":{"counterChanged":{"value":6,"double":12}}})");
  CHECK(c->nexts.size() == 1);
}

TEST_CASE("cancelling every member removes the group and its topic listener") {
  fixture f;
  f.data.set("counter-1", 1);
  auto [h1, a] = f.subscribe(by_id);
  auto [h2, b] = f.subscribe(by_id);
  h1->cancel();
  f.commit("counter-1", 2);
  CHECK(a->nexts.size() == 1);
  CHECK(b->nexts.size() == 2);
  h2->cancel();
  h1.reset();
  h2.reset();
  CHECK(f.live->groups() == 0);
  CHECK(f.hub->listeners() == 0);
}

TEST_CASE("a final value completes the subscription after it is sent") {
  fixture f;
  f.data.set("counter-1", 1);
  auto [h, a] = f.subscribe(by_id);
  f.commit("counter-1", 100);
  CHECK(a->nexts.back() == R"({"data":{"counterChanged":{"value":100}}})");
  CHECK(a->completed);
  f.commit("counter-1", 101);
  CHECK(a->nexts.size() == 2);
}

TEST_CASE("a refused topic ends with an error; a failing fetch is a field error in `next`") {
  fixture f;
  auto [h1, refused] = f.subscribe("subscription { counterChanged(id: \"secret\") { value } }");
  CHECK(refused->nexts.empty());
  REQUIRE(refused->errors.size() == 1);
  CHECK(refused->errors[0].find("FORBIDDEN") != std::string::npos);
  CHECK(f.live->groups() == 0);

  auto [h2, missing] = f.subscribe(by_id);
  REQUIRE(missing->nexts.size() == 1);
  CHECK(missing->nexts[0].find(R"("data":null)") != std::string::npos);
  CHECK(missing->nexts[0].find("No such counter.") != std::string::npos);
  CHECK(missing->nexts[0].find(R"("path":["counterChanged"])") != std::string::npos);
  CHECK(missing->nexts[0].find("NOT_FOUND") != std::string::npos);
}

TEST_CASE("a subscription field without a live source is refused as not available") {
  fixture f;
  f.live = live_subscriptions::create(f.engine, f.hub, {});
  auto [h, a] = f.subscribe(by_id);
  REQUIRE(a->errors.size() == 1);
  CHECK(a->errors[0].find("NOT_IMPLEMENTED") != std::string::npos);
}
