#include "graphql/test_support.hpp"

using namespace colors::graphql;
using namespace colors::graphql::test;

namespace {

struct rule_case {
  const char* rule;
  const char* valid;
  const char* invalid;
  const char* message; // a fragment of the expected error
};

// One valid and one invalid document per rule of the spec's Validation section.
const rule_case cases[] = {
    {"ExecutableDefinitions", "{ dog { name } }", "{ dog { name } } type T { a: Int }",
     "The \"T\" definition is not executable."},
    {"UniqueOperationNames", "query A { dog { name } } query B { dog { name } }",
     "query A { dog { name } } query A { dog { barks } }",
     "There can be only one operation named \"A\"."},
    {"LoneAnonymousOperation", "{ dog { name } }", "{ dog { name } } query B { dog { name } }",
     "This anonymous operation must be the only defined operation."},
    {"SingleFieldSubscriptions", "subscription S { ticks }", "subscription S { ticks other }",
     "Subscription \"S\" must select only one top level field."},
    {"SingleFieldSubscriptions (introspection)", "subscription { ticks }",
     "subscription { __typename }", "must not select an introspection top level field"},
    {"KnownTypeNames", "query Q($f: Filter) { pets(filter: $f) { name } }",
     "query Q($f: Nope) { pets { name } }", "Unknown type \"Nope\"."},
    {"FragmentsOnCompositeTypes", "{ dog { ...F } } fragment F on Dog { name }",
     "{ dog { ...F } } fragment F on Size { name }",
     "Fragment \"F\" cannot condition on non composite type \"Size\"."},
    {"FragmentsOnCompositeTypes (inline)", "{ dog { ... on Pet { name } } }",
     "{ dog { ... on Boolean { name } } }",
     "Fragment cannot condition on non composite type \"Boolean\"."},
    {"VariablesAreInputTypes", "query Q($s: [Size!]) { pets(sizes: $s) { name } }",
     "query Q($d: Dog) { dog { name } }", "Variable \"$d\" cannot be non-input type \"Dog\"."},
    {"ScalarLeafs", "{ dog { name } }", "{ dog }",
     "Field \"dog\" of type \"Dog\" must have a selection of subfields."},
    {"ScalarLeafs (leaf)", "{ now }", "{ now { x } }",
     "Field \"now\" must not have a selection since type \"DateTime!\" has no subfields."},
    {"FieldsOnCorrectType", "{ pet(name: \"a\") { name } }", "{ pet(name: \"a\") { barks } }",
     "Cannot query field \"barks\" on type \"Pet\"."},
    {"UniqueFragmentNames", "{ dog { ...F } } fragment F on Dog { name }",
     "{ dog { ...F } } fragment F on Dog { name } fragment F on Dog { barks }",
     "There can be only one fragment named \"F\"."},
    {"KnownFragmentNames", "{ dog { ...F } } fragment F on Dog { name }", "{ dog { ...G } }",
     "Unknown fragment \"G\"."},
    {"NoUnusedFragments", "{ dog { ...F } } fragment F on Dog { name }",
     "{ dog { name } } fragment F on Dog { name }", "Fragment \"F\" is never used."},
    {"PossibleFragmentSpreads", "{ pet(name: \"a\") { ... on Dog { barks } } }",
     "{ dog { ... on Cat { meows } } }",
     "Fragment cannot be spread here as objects of type \"Dog\" can never be of type \"Cat\"."},
    {"PossibleFragmentSpreads (named)", "{ animals { ...P } } fragment P on Pet { name }",
     "{ human(id: 1) { ...P } } fragment P on Pet { name }",
     "Fragment \"P\" cannot be spread here as objects of type \"Human\""},
    {"NoFragmentCycles", "{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { name }",
     "{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { ...A }",
     "Cannot spread fragment \"A\" within itself via B."},
    {"UniqueVariableNames", "query Q($a: Int, $b: Int) { echo(i: $a, l: [$b]) }",
     "query Q($a: Int, $a: Int) { echo(i: $a) }", "There can be only one variable named \"$a\"."},
    {"NoUndefinedVariables", "query Q($a: Int) { echo(i: $a) }", "query Q { echo(i: $a) }",
     "Variable \"$a\" is not defined by operation \"Q\"."},
    {"NoUnusedVariables", "query Q($a: Int) { echo(i: $a) }", "query Q($a: Int) { echo }",
     "Variable \"$a\" is never used in operation \"Q\"."},
    {"KnownDirectives", "{ dog @include(if: true) { name } }", "{ dog @nope { name } }",
     "Unknown directive \"@nope\"."},
    {"KnownDirectives (location)", "{ dog { name @skip(if: true) } }",
     "query Q @skip(if: true) { dog { name } }", "Directive \"@skip\" may not be used on QUERY."},
    {"UniqueDirectivesPerLocation", "{ dog @skip(if: false) @include(if: true) { name } }",
     "{ dog @skip(if: false) @skip(if: true) { name } }",
     "The directive \"@skip\" can only be used once at this location."},
    {"KnownArgumentNames", "{ dog { nickname(short: true) } }", "{ dog { nickname(long: true) } }",
     "Unknown argument \"long\" on field \"Dog.nickname\"."},
    {"KnownArgumentNames (directive)", "{ dog @skip(if: true) { name } }",
     "{ dog @skip(if: true, when: 1) { name } }",
     "Unknown argument \"when\" on directive \"@skip\"."},
    {"UniqueArgumentNames", "{ echo(i: 1, s: \"a\") }", "{ echo(i: 1, i: 2) }",
     "There can be only one argument named \"i\"."},
    {"ValuesOfCorrectType", "{ echo(i: 1, f: 2, s: \"x\", b: true, id: 4, e: LARGE, l: 1) }",
     "{ echo(i: \"1\") }", "Expected value of type \"Int\", found \"1\"."},
    {"ValuesOfCorrectType (enum)", "{ echo(e: SMALL) }", "{ echo(e: TINY) }",
     "Expected value of type \"Size\", found TINY."},
    {"ValuesOfCorrectType (int range)", "{ echo(i: 2147483647) }", "{ echo(i: 2147483648) }",
     "Expected value of type \"Int\""},
    {"ValuesOfCorrectType (input field)", "{ echo(in: {min: 1}) }",
     "{ echo(in: {min: 1, max: 2}) }", "Field \"max\" is not defined by type \"Filter\"."},
    {"ValuesOfCorrectType (required input field)", "{ echo(in: {min: 1, name: \"a\"}) }",
     "{ echo(in: {name: \"a\"}) }",
     "Field \"Filter.min\" of required type \"Int!\" was not provided."},
    {"ValuesOfCorrectType (null)", "{ pets(sizes: null) { name } }", "{ pet(name: null) { name } }",
     "Expected value of type \"String!\", found null."},
    {"ProvidedRequiredArguments", "{ pet(name: \"x\") { name } }", "{ pet { name } }",
     "Field \"pet\" argument \"name\" of type \"String!\" is required, but it was not provided."},
    {"ProvidedRequiredArguments (directive)", "{ dog @include(if: true) { name } }",
     "{ dog @include { name } }",
     "Directive \"@include\" argument \"if\" of type \"Boolean!\" is required"},
    {"VariablesInAllowedPosition", "query Q($n: String!) { pet(name: $n) { name } }",
     "query Q($n: String) { pet(name: $n) { name } }",
     "Variable \"$n\" of type \"String\" used in position expecting type \"String!\"."},
    {"VariablesInAllowedPosition (default)",
     "query Q($n: String = \"x\") { pet(name: $n) { name } }",
     "query Q($n: Int!) { pet(name: $n) { name } }",
     "Variable \"$n\" of type \"Int!\" used in position expecting type \"String!\"."},
    {"OverlappingFieldsCanBeMerged", "{ dog { name name } }", "{ dog { name: barks name } }",
     "Fields \"name\" conflict because \"barks\" and \"name\" are different fields."},
    {"OverlappingFieldsCanBeMerged (arguments)",
     "{ dog { nickname(short: true) nickname(short: true) } }",
     "{ dog { nickname(short: true) nickname(short: false) } }", "they have differing arguments"},
    {"OverlappingFieldsCanBeMerged (exclusive parents)",
     "{ pet(name: \"a\") { ... on Dog { x: barks } ... on Cat { x: meows } } }",
     "{ pet(name: \"a\") { ... on Dog { x: name } ... on Cat { x: lives } } }",
     "they return conflicting types \"String!\" and \"Int\""},
    {"OverlappingFieldsCanBeMerged (fragments)",
     "{ dog { ...A ...B } } fragment A on Dog { n: name } fragment B on Dog { n: name }",
     "{ dog { ...A ...B } } fragment A on Dog { n: name } fragment B on Dog { n: nickname }",
     "Fields \"n\" conflict"},
    {"UniqueInputFieldNames", "{ echo(in: {min: 1, name: \"a\"}) }",
     "{ echo(in: {min: 1, min: 2}) }", "There can be only one input field named \"min\"."},
    {"MaxIntrospectionDepth", "{ __schema { types { fields { type { name } } } } }",
     "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
     "Maximum introspection depth exceeded"},
};

} // namespace

TEST_CASE("every validation rule accepts its valid document and rejects its invalid one") {
  for (auto& c : cases) {
    CAPTURE(c.rule);
    auto ok = validation_errors(c.valid);
    CHECK_MESSAGE(ok.empty(), messages(ok));
    auto bad = validation_errors(c.invalid);
    CHECK_MESSAGE(has_error(bad, c.message), messages(bad));
    for (auto& e : bad)
      CHECK(e.code == "GRAPHQL_VALIDATION_FAILED");
  }
}

TEST_CASE("validation errors point at the offending nodes") {
  auto errors = validation_errors("{\n  dog {\n    nope\n  }\n}");
  REQUIRE(errors.size() == 1);
  REQUIRE(errors[0].locations.size() == 1);
  CHECK(errors[0].locations[0].line == 3);
  CHECK(errors[0].locations[0].column == 5);

  auto dup = validation_errors("query A { dog { name } }\nquery A { dog { name } }");
  REQUIRE(dup.size() == 1);
  REQUIRE(dup[0].locations.size() == 2);
  CHECK(dup[0].locations[1].line == 2);
}

TEST_CASE("a document may use any fragment from any operation and nest fragments deeply") {
  auto ok = validation_errors(R"(
    query A($s: Boolean!) { ...Q }
    query B($s: Boolean!) { dog { ...D } }
    fragment Q on Query { dog { ...D } }
    fragment D on Dog { owner { pets { ... on Dog { barks @skip(if: $s) } } } }
  )");
  CHECK_MESSAGE(ok.empty(), messages(ok));
}

TEST_CASE("schemas built from SDL reject what graphql-js rejects") {
  error err;
  CHECK_FALSE(schema::build("type Query { a: Nope }", err));
  CHECK(err.message.find("Unknown type \"Nope\"") != std::string::npos);
  CHECK_FALSE(schema::build("type Query { a: Int } type Query { b: Int }", err));
  CHECK_FALSE(schema::build("type Mutation { a: Int }", err));
  CHECK(err.message == "Query root type must be provided.");
  CHECK_FALSE(schema::build("input I { a: Int } type Query { a: I }", err));
  CHECK_FALSE(schema::build("type Query { a(x: Query): Int }", err));
  CHECK_FALSE(schema::build("interface I { a: Int } type Query implements I { b: Int }", err));
  CHECK_FALSE(schema::build("union U = Int type Query { u: U }", err));
  CHECK_FALSE(schema::build("type Query { a: Int } { a }", err));
  CHECK(schema::build("type Query { a: Int } extend type Query { b: String }", err));
}

TEST_CASE("the API schema (schemas/schema.graphql) builds") {
  std::FILE* f = std::fopen(COLORS_SCHEMA_SDL, "rb");
  REQUIRE(f);
  std::string sdl;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
    sdl.append(buf, n);
  std::fclose(f);
  error err;
  auto s = schema::build(sdl, err);
  REQUIRE_MESSAGE(s, err.message);
  CHECK(s->root(operation_type::query)->name == "Query");
  CHECK(s->root(operation_type::mutation)->find_field("createTryOnTask"));
  CHECK(s->root(operation_type::subscription)->find_field("tryOnTaskUpdated"));
  auto* status = s->type("TryOnStatus");
  REQUIRE(status);
  CHECK(status->enum_values.size() == 4);
}

TEST_CASE("standard scalars nobody references are not part of the schema, as in graphql-js") {
  error err;
  auto s = schema::build("type Query { a: Int }", err);
  REQUIRE(s);
  CHECK(s->type("Int"));
  CHECK(s->type("String"));
  CHECK_FALSE(s->type("Float"));
  CHECK_FALSE(s->type("ID"));
}
