#include "graphql/apq.hpp"
#include "graphql/cost.hpp"
#include "graphql/test_support.hpp"
#include <caf/sec.hpp>

using namespace colors::graphql;
using namespace colors::graphql::test;
namespace json = boost::json;

namespace {

std::shared_ptr<const engine> make_engine(engine_options opts = {}) {
  error err;
  auto e = engine::create(pets_sdl, {}, opts, err);
  REQUIRE_MESSAGE(e, err.message);
  return e;
}

std::string code_of(const json::object& r) {
  return std::string(r.at("errors").at(0).at("extensions").at("code").as_string());
}

} // namespace

TEST_CASE("parse and validation failures answer without data and with their code") {
  auto e = make_engine();
  auto r = run(*e, "{ dog { name }");
  CHECK_FALSE(r.contains("data"));
  CHECK(code_of(r) == "GRAPHQL_PARSE_FAILED");
  CHECK(r.at("errors").at(0).at("locations") == json_of(R"([{"line": 1, "column": 15}])"));
  r = run(*e, "{ dog { nope } }");
  CHECK_FALSE(r.contains("data"));
  CHECK(code_of(r) == "GRAPHQL_VALIDATION_FAILED");
}

TEST_CASE("the operation is chosen by name") {
  auto e = make_engine();
  auto doc = "query A { __typename } query B { t: __typename }";
  CHECK(code_of(run(*e, doc)) == "OPERATION_NOT_FOUND");
  request req;
  req.query = doc;
  req.operation_name = "B";
  CHECK(run(*e, req).at("data") == json_of(R"({"t": "Query"})"));
  req.operation_name = "C";
  CHECK(code_of(run(*e, req)) == "OPERATION_NOT_FOUND");
  CHECK(e->operation_type_of(req) == std::nullopt);
  req.query = "mutation M { add(n: 1) }";
  req.operation_name.clear();
  CHECK(e->operation_type_of(req) == operation_type::mutation);
}

TEST_CASE("depth and complexity count fields through fragments") {
  auto doc =
      parse_ok("{ dog { ...A owner { name } } } fragment A on Dog { friends { name } name }");
  auto c = cost_of(doc, doc.operations[0]);
  CHECK(c.depth == 3);
  CHECK(c.complexity == 6);

  engine_options opts;
  opts.limits.max_depth = 3;
  auto e = make_engine(opts);
  CHECK(run(*e, "{ dog { owner { name } } }").contains("data"));
  auto r = run(*e, "{ dog { ...F } } fragment F on Dog { owner { pets { name } } }");
  CHECK(code_of(r) == "QUERY_TOO_DEEP");

  opts = {};
  opts.limits.max_complexity = 5;
  e = make_engine(opts);
  r = run(*e, "{ dog { ...F ...F } a: dog { ...F } } fragment F on Dog { name barks size }");
  CHECK(code_of(r) == "QUERY_TOO_COMPLEX");
  CHECK(run(*e, "{ dog { name barks } }").contains("data"));

  opts = {};
  opts.limits.max_aliases = 2;
  e = make_engine(opts);
  CHECK(code_of(run(*e, "{ a: __typename b: __typename c: __typename }")) == "TOO_MANY_ALIASES");
  opts = {};
  opts.limits.max_document_bytes = 16;
  e = make_engine(opts);
  CHECK(code_of(run(*e, "{ __typename __typename }")) == "DOCUMENT_TOO_LARGE");
}

TEST_CASE("automatic persisted queries: unknown hash, registration, reuse, mismatch") {
  auto e = make_engine();
  std::string query = "{ __typename }";
  std::string hash = sha256_hex(query);
  CHECK(hash.size() == 64);
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  request by_hash;
  by_hash.extensions = {{"persistedQuery", {{"version", 1}, {"sha256Hash", hash}}}};
  auto r = run(*e, by_hash);
  CHECK(code_of(r) == "PERSISTED_QUERY_NOT_FOUND");
  CHECK(r.at("errors").at(0).at("message") == "PersistedQueryNotFound");

  request full = by_hash;
  full.query = query;
  CHECK(run(*e, full).at("data") == json_of(R"({"__typename": "Query"})"));
  CHECK(run(*e, by_hash).at("data") == json_of(R"({"__typename": "Query"})"));

  request wrong = full;
  wrong.query = "{ t: __typename }";
  CHECK(code_of(run(*e, wrong)) == "PERSISTED_QUERY_HASH_MISMATCH");
  request bad_version = by_hash;
  bad_version.extensions["persistedQuery"].as_object()["version"] = 2;
  CHECK(code_of(run(*e, bad_version)) == "BAD_USER_INPUT");
}

TEST_CASE("the persisted query cache is bounded and evicts the least recently used") {
  persisted_query_cache cache(2);
  cache.put("a", "qa");
  cache.put("b", "qb");
  CHECK(cache.find("a") == "qa"); // a is now the most recent
  cache.put("c", "qc");
  CHECK(cache.size() == 2);
  CHECK(cache.find("b") == std::nullopt);
  CHECK(cache.find("a") == "qa");
  CHECK(cache.find("c") == "qc");
}

TEST_CASE("valid documents are parsed and validated once per text") {
  auto e = make_engine();
  auto q = "query($yes: Boolean!) { t: __typename @include(if: $yes) }";
  CHECK(run(*e, q, {{"yes", true}}).at("data") == json_of(R"({"t": "Query"})"));
  CHECK(run(*e, q, {{"yes", false}}).at("data") == json_of("{}"));
  CHECK(e->cached_documents() == 1);
  CHECK(code_of(run(*e, "{ nope }")) == "GRAPHQL_VALIDATION_FAILED");
  CHECK(code_of(run(*e, "{ nope }")) == "GRAPHQL_VALIDATION_FAILED");
  CHECK(e->cached_documents() == 1);
}

TEST_CASE("introspection answers __schema and __type") {
  auto e = make_engine();
  auto r = run(*e, R"({
    __schema { queryType { name } mutationType { name } subscriptionType { name } }
    pet: __type(name: "Pet") { kind name description possibleTypes { name } }
    size: __type(name: "Size") { enumValues { name } all: enumValues(includeDeprecated: true) { name isDeprecated deprecationReason } }
    list: __type(name: "Dog") { fields { name type { kind ofType { kind ofType { kind name } } } } }
    filter: __type(name: "Filter") { inputFields { name defaultValue } }
    none: __type(name: "Nope") { name }
  })");
  CHECK_FALSE(r.contains("errors"));
  auto& d = r.at("data").as_object();
  CHECK(d.at("__schema") == json_of(R"({"queryType": {"name": "Query"},
    "mutationType": {"name": "Mutation"}, "subscriptionType": {"name": "Subscription"}})"));
  CHECK(d.at("pet") == json_of(R"({"kind": "INTERFACE", "name": "Pet", "description": "A pet.",
    "possibleTypes": [{"name": "Dog"}, {"name": "Cat"}]})"));
  CHECK(d.at("size").at("enumValues").as_array().size() == 2);
  CHECK(d.at("size").at("all").at(2)
        == json_of(R"({"name": "HUGE", "isDeprecated": true, "deprecationReason": "Too big."})"));
  CHECK(d.at("list").at("fields").at(3) == json_of(R"({"name": "friends", "type": {"kind":
    "NON_NULL", "ofType": {"kind": "LIST", "ofType": {"kind": "NON_NULL", "name": null}}}})"));
  CHECK(d.at("filter").at("inputFields").at(1)
        == json_of(R"({"name": "size", "defaultValue": "SMALL"})"));
  CHECK(d.at("none").is_null());
}

TEST_CASE("errc maps to one GraphQL code each") {
  using colors::errc;
  CHECK(std::string(code_for(errc::invalid_argument)) == "BAD_USER_INPUT");
  CHECK(std::string(code_for(errc::not_found)) == "NOT_FOUND");
  CHECK(std::string(code_for(errc::unavailable)) == "UNAVAILABLE");
  CHECK(std::string(code_for(errc::overloaded)) == "RATE_LIMITED");
  CHECK(std::string(code_for(errc::storage)) == "INTERNAL");
  CHECK(std::string(code_for(caf::make_error(caf::sec::runtime_error))) == "INTERNAL");
}

TEST_CASE("an invalid SDL does not make an engine") {
  error err;
  CHECK_FALSE(engine::create("type Query { a: B }", {}, {}, err));
  CHECK_FALSE(err.message.empty());
}
