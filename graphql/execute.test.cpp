#include "graphql/test_support.hpp"

#include <atomic>
#include <chrono>
#include <thread>

using namespace colors::graphql;
using namespace colors::graphql::test;
namespace json = boost::json;

// Named apart from the other test files of the module, which share its unity-build batch.
namespace execute_test {

namespace {

std::shared_ptr<const engine> make_engine(resolver_map resolvers = {}, engine_options opts = {}) {
  error err;
  auto e = engine::create(pets_sdl, std::move(resolvers), opts, err);
  REQUIRE_MESSAGE(e, err.message);
  return e;
}

// A pet world served by the default resolvers from the root value.
json::value world() {
  return json_of(R"({
    "dog": {"__typename": "Dog", "name": "Rex", "barks": true, "size": "LARGE",
            "owner": {"name": "Ann", "age": 30, "pets": []},
            "friends": [{"__typename": "Cat", "name": "Tom", "meows": false, "lives": 9},
                        {"__typename": "Dog", "name": "Fido", "barks": false, "friends": []}]},
    "animals": [{"__typename": "Cat", "name": "Tom", "meows": true},
                {"__typename": "Dog", "name": "Rex", "barks": true}],
    "now": "2026-01-31T12:00:00Z",
    "numbers": [1, 2, 3],
    "nullableNumbers": [1, null, 3]
  })");
}

json::object run_on(const engine& e, const std::string& query, json::object variables = {},
                    json::value root = world()) {
  request req;
  req.query = query;
  req.variables = std::move(variables);
  req.root_value = std::move(root);
  return run(e, std::move(req));
}

std::string code_of(const json::object& response, std::size_t i = 0) {
  return std::string(response.at("errors").at(i).at("extensions").at("code").as_string());
}

// Completes a resolver from another thread after `delay`; threads are joined by the owner.
struct async_pool {
  std::mutex m;
  std::vector<std::thread> threads;
  void later(std::chrono::milliseconds delay, std::function<void()> fn) {
    std::lock_guard<std::mutex> lock(m);
    threads.emplace_back([delay, fn = std::move(fn)] {
      std::this_thread::sleep_for(delay);
      fn();
    });
  }
  ~async_pool() {
    std::lock_guard<std::mutex> lock(m);
    for (auto& t : threads)
      t.join();
  }
};

} // namespace

TEST_CASE("default resolvers read fields from the parent object; aliases rename keys") {
  auto e = make_engine();
  auto r = run_on(*e, "{ dog { name n: name barks size owner { name age } } now numbers }");
  CHECK_FALSE(r.contains("errors"));
  CHECK(r.at("data") == json_of(R"({"dog": {"name": "Rex", "n": "Rex", "barks": true,
    "size": "LARGE", "owner": {"name": "Ann", "age": 30}}, "now": "2026-01-31T12:00:00Z",
    "numbers": [1, 2, 3]})"));
}

TEST_CASE("named and inline fragments, __typename and abstract types resolve") {
  auto e = make_engine();
  auto r = run_on(*e, R"({
    dog { ...D friends { __typename name ... on Cat { lives } ... on Dog { barks } } }
    animals { ... on Pet { name } ... on Cat { meows } }
  }
  fragment D on Dog { __typename name })");
  CHECK_FALSE(r.contains("errors"));
  CHECK(r.at("data") == json_of(R"({
    "dog": {"__typename": "Dog", "name": "Rex", "friends": [
      {"__typename": "Cat", "name": "Tom", "lives": 9},
      {"__typename": "Dog", "name": "Fido", "barks": false}]},
    "animals": [{"name": "Tom", "meows": true}, {"name": "Rex"}]})"));
}

TEST_CASE("@include and @skip follow literals and variables") {
  auto e = make_engine();
  auto q = "query Q($yes: Boolean!) { dog { name @include(if: $yes) barks @skip(if: $yes) "
           "... @include(if: false) { size } } }";
  auto r = run_on(*e, q, {{"yes", true}});
  CHECK(r.at("data") == json_of(R"({"dog": {"name": "Rex"}})"));
  r = run_on(*e, q, {{"yes", false}});
  CHECK(r.at("data") == json_of(R"({"dog": {"barks": true}})"));
}

TEST_CASE("a failing nullable field becomes null with an error carrying path, locations, code") {
  resolver_map m;
  m.add("Query", "fails", [](const resolve_info&, resolve_done done) {
    done(colors::make_error(colors::errc::not_found, "No such thing."));
  });
  auto e = make_engine(std::move(m));
  auto r = run_on(*e, "{\n  dog { name }\n  fails\n}");
  CHECK(r.at("data") == json_of(R"({"dog": {"name": "Rex"}, "fails": null})"));
  auto& err = r.at("errors").at(0).as_object();
  CHECK(err.at("message") == "No such thing.");
  CHECK(err.at("path") == json_of(R"(["fails"])"));
  CHECK(err.at("locations") == json_of(R"([{"line": 3, "column": 3}])"));
  CHECK(code_of(r) == "NOT_FOUND");
}

TEST_CASE("internal failures do not leak their message") {
  resolver_map m;
  m.add("Query", "fails", [](const resolve_info&, resolve_done done) {
    done(colors::make_error(colors::errc::storage, "rocksdb: IO error /var/lib/x"));
  });
  auto r = run_on(*make_engine(std::move(m)), "{ fails }");
  CHECK(r.at("errors").at(0).at("message") == "Internal error.");
  CHECK(code_of(r) == "INTERNAL");
}

TEST_CASE("null in a non-null field propagates to the nearest nullable parent") {
  auto e = make_engine();
  json::value root = world();
  root.as_object()["dog"].as_object().erase("barks");
  auto r = run_on(*e, "{ dog { name barks } now }", {}, root);
  CHECK(r.at("data") == json_of(R"({"dog": null, "now": "2026-01-31T12:00:00Z"})"));
  CHECK(r.at("errors").at(0).at("message")
        == "Cannot return null for non-nullable field Dog.barks.");
  CHECK(r.at("errors").at(0).at("path") == json_of(R"(["dog", "barks"])"));

  // A non-null root field nulls the whole data.
  r = run_on(*e, "{ failsNonNull dog { name } }");
  CHECK(r.at("data").is_null());
  CHECK(r.at("errors").as_array().size() == 1);
}

TEST_CASE("list items: errors carry the index, non-null items null the list") {
  auto e = make_engine();
  json::value root = world();
  root.as_object()["dog"].as_object()["friends"].as_array()[1].as_object().erase("name");
  auto r = run_on(*e, "{ dog { friends { name } } nullableNumbers }", {}, root);
  // friends: [Pet!]! and Pet.name: String! -> the item, then the list, then dog become null.
  CHECK(r.at("data") == json_of(R"({"dog": null, "nullableNumbers": [1, null, 3]})"));
  CHECK(r.at("errors").at(0).at("path") == json_of(R"(["dog", "friends", 1, "name"])"));
  root.as_object()["numbers"] = json_of("[1, null]");
  r = run_on(*e, "{ numbers }", {}, root);
  CHECK(r.at("data") == json_of(R"({"numbers": null})"));
  CHECK(r.at("errors").at(0).at("path") == json_of(R"(["numbers", 1])"));
}

TEST_CASE("leaf values are serialized or rejected like graphql-js") {
  auto e = make_engine();
  json::value root = world();
  auto& dog = root.as_object()["dog"].as_object();
  dog["size"] = "MEDIUM";
  dog["owner"].as_object()["age"] = 1.5;
  root.as_object()["now"] = "yesterday";
  auto r = run_on(*e, "{ dog { size owner { age } } now }", {}, root);
  CHECK(r.at("data").is_null()); // now is DateTime! and its value is not RFC 3339
  auto& errors = r.at("errors").as_array();
  CHECK(errors.size() == 3);
  auto text = json::serialize(errors);
  CHECK(text.find("Enum \\\"Size\\\" cannot represent value: \\\"MEDIUM\\\"") != std::string::npos);
  CHECK(text.find("Int cannot represent non-integer value: 1.5") != std::string::npos);
  CHECK(text.find("DateTime cannot represent value: \\\"yesterday\\\"") != std::string::npos);
}

TEST_CASE("abstract values without a known object type are field errors") {
  auto e = make_engine();
  json::value root = world();
  root.as_object()["animals"] = json_of(R"([{"__typename": "Human", "name": "x"}, {"name": "y"}])");
  auto r = run_on(*e, "{ animals { __typename } }", {}, root);
  CHECK(r.at("data") == json_of(R"({"animals": [null, null]})"));
  CHECK(r.at("errors").as_array().size() == 2);

  resolver_map m;
  m.types["Animal"] = [](const json::value& v, const named_type&) {
    return v.as_object().contains("meows") ? "Cat" : "Dog";
  };
  r = run_on(*make_engine(std::move(m)), "{ animals { __typename } }", {},
             json_of(R"({"animals": [{"meows": true}, {"barks": true}]})"));
  CHECK(r.at("data") == json_of(R"({"animals": [{"__typename": "Cat"}, {"__typename": "Dog"}]})"));
}

TEST_CASE("arguments are coerced: literals, variables, defaults, input objects, lists") {
  resolver_map m;
  m.add("Query", "echo", [](const resolve_info& info, resolve_done done) {
    done(json::value(json::serialize(info.args)));
  });
  m.add("Dog", "nickname", [](const resolve_info& info, resolve_done done) {
    done(json::value(json::serialize(info.args)));
  });
  auto e = make_engine(std::move(m));
  auto r = run_on(*e, R"(query Q($i: Int!, $in: Filter, $missing: Int, $noName: String) {
    a: echo(i: $i, f: 2, s: "x", b: true, id: 7, t: "2026-01-01T00:00:00+01:00", e: LARGE, l: 5)
    b: echo(in: $in, l: [$missing])
    c: echo(in: {min: $i, name: $noName})
    dog { nickname }
  })",
                  {{"i", 3}, {"in", json_of(R"({"min": 1, "name": "n"})")}});
  CHECK_MESSAGE(!r.contains("errors"), json::serialize(r));
  auto& d = r.at("data").as_object();
  CHECK(json::parse(d.at("a").as_string()) == json_of(R"({"i": 3, "f": 2.0, "s": "x", "b": true,
    "id": "7", "t": "2026-01-01T00:00:00+01:00", "e": "LARGE", "l": [5]})"));
  CHECK(json::parse(d.at("b").as_string())
        == json_of(R"({"in": {"name": "n", "size": "SMALL", "min": 1}, "l": [null]})"));
  CHECK(json::parse(d.at("c").as_string()) == json_of(R"({"in": {"size": "SMALL", "min": 3}})"));
  CHECK(json::parse(d.at("dog").at("nickname").as_string()) == json_of(R"({"short": false})"));
}

TEST_CASE("an argument that does not coerce is a BAD_USER_INPUT field error") {
  resolver_map m;
  m.add("Query", "echo", [](const resolve_info&, resolve_done done) { done(json::value("x")); });
  auto r = run_on(*make_engine(std::move(m)), R"({ echo(t: "not a time") dog { name } })");
  CHECK(r.at("data") == json_of(R"({"echo": null, "dog": {"name": "Rex"}})"));
  CHECK(code_of(r) == "BAD_USER_INPUT");
  CHECK(r.at("errors").at(0).at("path") == json_of(R"(["echo"])"));
}

TEST_CASE("variables are coerced before execution; bad ones fail the request") {
  auto e = make_engine();
  auto q = "query Q($n: String!, $f: Filter, $s: [Size!]) { pet(name: $n) { name } "
           "pets(filter: $f, sizes: $s) { name } }";
  auto r = run_on(*e, q);
  CHECK_FALSE(r.contains("data"));
  CHECK(r.at("errors").at(0).at("message")
        == "Variable \"$n\" of required type \"String!\" was not provided.");
  CHECK(code_of(r) == "BAD_USER_INPUT");
  r = run_on(*e, q, {{"n", nullptr}});
  CHECK(r.at("errors").at(0).at("message")
        == "Variable \"$n\" of non-null type \"String!\" must not be null.");
  r = run_on(*e, q, {{"n", 5}});
  CHECK(r.at("errors").at(0).at("message").as_string().starts_with(
      "Variable \"$n\" got invalid value 5"));
  r = run_on(*e, q, {{"n", "x"}, {"f", json_of(R"({"name": "a"})")}});
  CHECK(std::string(r.at("errors").at(0).at("message").as_string()).find("\"min\"")
        != std::string::npos);
  r = run_on(*e, q, {{"n", "x"}, {"f", json_of(R"({"min": 1, "extra": 2})")}});
  CHECK(std::string(r.at("errors").at(0).at("message").as_string()).find("extra")
        != std::string::npos);
  r = run_on(*e, q, {{"n", "x"}, {"s", "TINY"}});
  CHECK(r.at("errors").as_array().size() == 1);
  r = run_on(*e, q, {{"n", "x"}, {"s", "LARGE"}}, json_of(R"({"pets": []})"));
  CHECK(r.at("data") == json_of(R"({"pet": null, "pets": []})"));
}

TEST_CASE("query fields resolve in parallel, even when completions come from other threads") {
  async_pool pool;
  std::atomic<int> in_flight{0}, max_in_flight{0};
  resolver_map m;
  auto slow = [&](const resolve_info&, resolve_done done) {
    int now = ++in_flight;
    for (int seen = max_in_flight; now > seen && !max_in_flight.compare_exchange_weak(seen, now);)
      ;
    pool.later(std::chrono::milliseconds(30), [&in_flight, done] {
      --in_flight;
      done(json::value("late"));
    });
  };
  m.add("Query", "fails", slow);
  m.add("Dog", "nickname", slow);
  auto e = make_engine(std::move(m));
  auto r = run_on(*e, "{ a: fails b: fails c: fails dog { nickname } }");
  CHECK(r.at("data")
        == json_of(R"({"a": "late", "b": "late", "c": "late", "dog": {"nickname": "late"}})"));
  CHECK(max_in_flight.load() >= 3);
}

TEST_CASE("mutation root fields run one after another, each completing on another thread") {
  async_pool pool;
  std::mutex m;
  std::vector<std::string> log;
  int total = 0;
  resolver_map resolvers;
  resolvers.add("Mutation", "add", [&](const resolve_info& info, resolve_done done) {
    int n = static_cast<int>(info.args.at("n").as_int64());
    {
      std::lock_guard<std::mutex> lock(m);
      log.push_back("start " + std::to_string(n));
    }
    // Later fields finish sooner: only serial execution keeps the log in order.
    pool.later(std::chrono::milliseconds(40 - 10 * n), [&, n, done] {
      int now;
      {
        std::lock_guard<std::mutex> lock(m);
        log.push_back("end " + std::to_string(n));
        now = total += n;
      }
      done(json::value(now));
    });
  });
  auto e = make_engine(std::move(resolvers));
  auto r = run_on(*e, "mutation { a: add(n: 1) b: add(n: 2) c: add(n: 3) }");
  CHECK(r.at("data") == json_of(R"({"a": 1, "b": 3, "c": 6})"));
  std::lock_guard<std::mutex> lock(m);
  CHECK(log
        == std::vector<std::string>{"start 1", "end 1", "start 2", "end 2", "start 3", "end 3"});
}

TEST_CASE("errors are listed in response order whichever resolver finished first") {
  async_pool pool;
  resolver_map m;
  m.add("Query", "fails", [&](const resolve_info& info, resolve_done done) {
    // The first field in the document fails last.
    auto delay = std::chrono::milliseconds(info.node.alias == "a" ? 60 : 5);
    std::string alias = info.node.alias;
    pool.later(delay, [alias, done] {
      done(colors::make_error(colors::errc::not_found, "missing " + alias));
    });
  });
  auto r = run_on(*make_engine(std::move(m)), "{ a: fails b: fails c: fails }");
  auto& errors = r.at("errors").as_array();
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].at("path") == json_of(R"(["a"])"));
  CHECK(errors[1].at("path") == json_of(R"(["b"])"));
  CHECK(errors[2].at("path") == json_of(R"(["c"])"));
}

TEST_CASE("a resolver that completes twice counts once") {
  resolver_map m;
  m.add("Query", "fails", [](const resolve_info&, resolve_done done) {
    done(json::value("first"));
    done(json::value("second"));
  });
  auto r = run_on(*make_engine(std::move(m)), "{ fails }");
  CHECK(r.at("data") == json_of(R"({"fails": "first"})"));
}

TEST_CASE("resolvers see the parent value, the request context and the field") {
  resolver_map m;
  auto ctx = std::make_shared<std::string>("user-1");
  m.add("Human", "age", [](const resolve_info& info, resolve_done done) {
    auto* user = static_cast<std::string*>(info.context.get());
    done(json::value(info.parent.at("name") == "Ann" && *user == "user-1"
                             && info.field_def.name == "age" && info.parent_type.name == "Human"
                         ? 42
                         : 0));
  });
  auto e = make_engine(std::move(m));
  request req;
  req.query = "{ dog { owner { age } } }";
  req.root_value = world();
  req.context = ctx;
  auto r = run(*e, std::move(req));
  CHECK(r.at("data") == json_of(R"({"dog": {"owner": {"age": 42}}})"));
}

TEST_CASE("a subscription event executes against the event as root value") {
  auto e = make_engine();
  request req;
  req.query = "subscription { ticks }";
  auto prepared = e->prepare(req);
  REQUIRE(std::holds_alternative<prepared_operation>(prepared));
  std::optional<json::object> out;
  e->execute_prepared(std::get<prepared_operation>(prepared), json_of(R"({"ticks": 7})"), nullptr,
                      [&](json::object r) { out = std::move(r); });
  REQUIRE(out);
  CHECK(out->at("data") == json_of(R"({"ticks": 7})"));
}

} // namespace execute_test
