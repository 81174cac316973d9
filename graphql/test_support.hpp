#pragma once
// Helpers shared by the graphql module's tests: a small schema with every kind of type, and
// shortcuts to parse, validate and execute.
#include "graphql/engine.hpp"
#include "graphql/parser.hpp"
#include "graphql/validate.hpp"

#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>
#include <string>

namespace colors::graphql::test {

inline constexpr const char* pets_sdl = R"(
"A pet."
interface Pet { name: String! }
type Dog implements Pet {
  name: String!
  barks: Boolean!
  owner: Human
  friends: [Pet!]!
  nickname(short: Boolean = false): String
  size: Size
}
type Cat implements Pet { name: String! meows: Boolean! lives: Int }
type Human { name: String! pets: [Pet!]! age: Int }
union Animal = Dog | Cat
enum Size { SMALL LARGE HUGE @deprecated(reason: "Too big.") }
input Filter { name: String, size: Size = SMALL, min: Int! }
scalar DateTime
type Query {
  dog: Dog
  pet(name: String!): Pet
  pets(filter: Filter, sizes: [Size!]): [Pet!]!
  animals: [Animal]
  human(id: ID!): Human
  now: DateTime!
  echo(i: Int, f: Float, s: String, b: Boolean, id: ID, t: DateTime, e: Size, l: [Int], in: Filter): String
  fails: String
  failsNonNull: String!
  numbers: [Int!]
  nullableNumbers: [Int]
}
type Mutation { add(n: Int!): Int! }
type Subscription { ticks: Int! other: Int! }
)";

inline std::shared_ptr<const schema> pets_schema() {
  error err;
  auto s = schema::build(pets_sdl, err);
  REQUIRE_MESSAGE(s, err.message);
  return s;
}

inline document parse_ok(const std::string& text) {
  document doc;
  auto err = parse(text, limits{}, doc);
  REQUIRE_MESSAGE(!err, (err ? err->message : std::string()));
  return doc;
}

inline error parse_fail(const std::string& text, const limits& lim = {}) {
  document doc;
  auto err = parse(text, lim, doc);
  REQUIRE_MESSAGE(err.has_value(), text);
  return *err;
}

// The validation errors of `text` against the pets schema, joined for easy CHECKs.
inline std::vector<error> validation_errors(const std::string& text) {
  static auto s = pets_schema();
  auto doc = parse_ok(text);
  return validate(*s, doc);
}

inline bool has_error(const std::vector<error>& errors, const std::string& fragment) {
  for (auto& e : errors)
    if (e.message.find(fragment) != std::string::npos)
      return true;
  return false;
}

inline std::string messages(const std::vector<error>& errors) {
  std::string out;
  for (auto& e : errors)
    out += e.message + "\n";
  return out;
}

// Runs a request to completion, waiting if resolvers complete on other threads.
inline boost::json::object run(const engine& e, request req) {
  std::mutex m;
  std::condition_variable cv;
  std::optional<boost::json::object> out;
  e.execute(std::move(req), [&](boost::json::object r) {
    std::lock_guard<std::mutex> lock(m);
    out = std::move(r);
    cv.notify_one();
  });
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock, [&] { return out.has_value(); });
  return std::move(*out);
}

inline boost::json::object run(const engine& e, const std::string& query,
                               boost::json::object variables = {}) {
  request req;
  req.query = query;
  req.variables = std::move(variables);
  return run(e, std::move(req));
}

inline boost::json::value json_of(const std::string& text) {
  return boost::json::parse(text);
}

} // namespace colors::graphql::test
