#include "graphql/lexer.hpp"
#include "graphql/printer.hpp"
#include "graphql/test_support.hpp"

using namespace colors::graphql;
using namespace colors::graphql::test;

TEST_CASE("a shorthand query parses into one anonymous query operation") {
  auto doc = parse_ok("{ a { b } }");
  REQUIRE(doc.operations.size() == 1);
  CHECK(doc.operations[0].op == operation_type::query);
  CHECK(doc.operations[0].name.empty());
  CHECK(doc.operations[0].selections[0].name == "a");
  CHECK(doc.operations[0].selections[0].selections[0].name == "b");
}

TEST_CASE("operations carry names, variables with defaults and directives") {
  auto doc = parse_ok("mutation M($a: [Int!]! = [1], $b: String @dir) @op { x }");
  auto& op = doc.operations.at(0);
  CHECK(op.op == operation_type::mutation);
  CHECK(op.name == "M");
  REQUIRE(op.variables.size() == 2);
  CHECK(to_string(op.variables[0].type) == "[Int!]!");
  REQUIRE(op.variables[0].default_value);
  CHECK(print_value(*op.variables[0].default_value) == "[1]");
  CHECK(op.variables[1].directives.at(0).name == "dir");
  CHECK(op.directives.at(0).name == "op");
  CHECK(parse_ok("subscription { s }").operations[0].op == operation_type::subscription);
}

TEST_CASE("fields have aliases, arguments, directives; fragments spread and inline") {
  auto doc = parse_ok(R"(
    query { alias: field(a: 1, b: $v) @skip(if: false) { ...F ... on T { x } ... @include(if: true) { y } } }
    fragment F on T @d { z }
  )");
  auto& f = doc.operations[0].selections[0];
  CHECK(f.alias == "alias");
  CHECK(f.name == "field");
  CHECK(f.response_name() == "alias");
  CHECK(f.arguments.size() == 2);
  CHECK(f.arguments[1].val.kind == value_kind::variable);
  CHECK(f.directives[0].name == "skip");
  REQUIRE(f.selections.size() == 3);
  CHECK(f.selections[0].kind == selection_kind::fragment_spread);
  CHECK(f.selections[0].name == "F");
  CHECK(f.selections[1].kind == selection_kind::inline_fragment);
  CHECK(f.selections[1].type_condition == "T");
  CHECK(f.selections[2].type_condition.empty());
  CHECK(f.selections[2].directives[0].name == "include");
  REQUIRE(doc.fragments.size() == 1);
  CHECK(doc.fragments[0].type_condition == "T");
  CHECK(doc.fragments[0].directives[0].name == "d");
}

TEST_CASE("every value literal parses") {
  auto doc = parse_ok(R"({ f(i: -12, fl: 1.5e3, s: "a\"\\\/\b\f\n\r\t\u00e9\u{1F600}\uD83D\uDE00",
    t: true, n: null, e: RED, l: [1, [2]], o: {a: {b: [c]}}, v: $x) })");
  auto& args = doc.operations[0].selections[0].arguments;
  CHECK(args[0].val.kind == value_kind::int_);
  CHECK(args[0].val.text == "-12");
  CHECK(args[1].val.kind == value_kind::float_);
  CHECK(args[2].val.text == "a\"\\/\b\f\n\r\t\xC3\xA9\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
  CHECK(args[3].val.kind == value_kind::boolean);
  CHECK(args[4].val.kind == value_kind::null);
  CHECK(args[5].val.kind == value_kind::enum_);
  CHECK(print_value(args[6].val) == "[1, [2]]");
  CHECK(print_value(args[7].val) == "{a: {b: [c]}}");
  CHECK(args[8].val.kind == value_kind::variable);
}

TEST_CASE("block strings drop common indentation and blank first and last lines") {
  auto doc = parse_ok("{ f(s: \"\"\"\n    hello\n      world\n    \\\"\"\" end\n  \"\"\") }");
  CHECK(doc.operations[0].selections[0].arguments[0].val.text == "hello\n  world\n\"\"\" end");
  CHECK(block_string_value("  \n  a\n   b\n\n") == "a\n b");
}

TEST_CASE("commas, comments, CRLF and a byte order mark are ignored") {
  auto doc = parse_ok("\xEF\xBB\xBF# c\r\n{ a,, b # c\r\n c }");
  CHECK(doc.operations[0].selections.size() == 3);
}

TEST_CASE("syntax errors carry a message and a 1-based line and column") {
  auto e = parse_fail("query {\n  field(arg: )\n}");
  CHECK(e.message == "Syntax Error: Unexpected \")\".");
  CHECK(e.code == "GRAPHQL_PARSE_FAILED");
  REQUIRE(e.locations.size() == 1);
  CHECK(e.locations[0].line == 2);
  CHECK(e.locations[0].column == 14);

  auto u = parse_fail("{\n  f(s: \"abc\n}");
  CHECK(u.message == "Syntax Error: Unterminated string.");
  CHECK(u.locations[0].line == 2);

  auto c = parse_fail("{ a ? }");
  CHECK(c.message == "Syntax Error: Unexpected character: \"?\".");
  CHECK(c.locations[0].column == 5);

  CHECK(parse_fail("").message == "Syntax Error: Unexpected <EOF>.");
  CHECK(parse_fail("{ a").message == "Syntax Error: Expected Name, found <EOF>.");
  CHECK(parse_fail("{ f(a: 01) }").message.find("unexpected digit after 0") != std::string::npos);
  CHECK(parse_fail("{ f(a: 1.) }").message.find("expected digit") != std::string::npos);
  CHECK(parse_fail("{ f(a: \"\\x\") }").message
        == "Syntax Error: Invalid character escape sequence: \"\\x\".");
  CHECK(parse_fail("{ f(a: \"\\uD800\") }").message
        == "Syntax Error: Invalid Unicode escape sequence: \"\\uD800\".");
  CHECK(parse_fail("query($a: Int = $b) { x }").message.find("constant value")
        != std::string::npos);
  CHECK(parse_fail("fragment on on T { x }").message == "Syntax Error: Unexpected Name \"on\".");
  CHECK(parse_fail("{ }").message == "Syntax Error: Expected Name, found \"}\".");
  CHECK(parse_fail("\"d\" { a }").message.find("shorthand") != std::string::npos);
}

TEST_CASE("each limit fails with its own code") {
  limits lim;
  lim.max_document_bytes = 10;
  CHECK(parse_fail("{ abcdefghijk }", lim).code == "DOCUMENT_TOO_LARGE");
  lim = {};
  lim.max_tokens = 5;
  CHECK(parse_fail("{ a b c d e f }", lim).code == "TOO_MANY_TOKENS");
  lim = {};
  lim.max_depth = 2;
  CHECK(parse_fail("{ a { b { c } } }", lim).code == "QUERY_TOO_DEEP");
  document ok;
  CHECK_FALSE(parse("{ a { b } }", lim, ok));
  lim = {};
  lim.max_aliases = 1;
  CHECK(parse_fail("{ x: a y: b }", lim).code == "TOO_MANY_ALIASES");
  lim = {};
  lim.max_value_depth = 3;
  CHECK(parse_fail("{ a(x: [[[[1]]]]) }", lim).code == "GRAPHQL_PARSE_FAILED");
}

TEST_CASE("type system definitions parse with descriptions and extensions") {
  auto doc = parse_ok(R"(
    """Schema doc""" schema { query: Q mutation: M }
    "A scalar" scalar Time @specifiedBy(url: "https://example.com")
    type Q implements A & B @d { "field doc" f(a: Int = 1 @deprecated): [String!]! }
    interface A implements B { f: String }
    union U = | X | Y
    enum E { ONE "two" TWO @deprecated }
    input I { a: Int! = 3, b: [E] }
    directive @d(x: Int) repeatable on OBJECT | FIELD_DEFINITION
    extend type Q { g: Int }
  )");
  CHECK(doc.schemas.size() == 1);
  CHECK(doc.schemas[0].roots.size() == 2);
  REQUIRE(doc.types.size() == 7);
  CHECK(doc.types[0].description == "A scalar");
  CHECK(doc.types[1].interfaces == std::vector<std::string>{"A", "B"});
  CHECK(doc.types[1].fields[0].description == "field doc");
  CHECK(doc.types[1].fields[0].arguments[0].default_value->text == "1");
  CHECK(doc.types[3].members == std::vector<std::string>{"X", "Y"});
  CHECK(doc.types[4].values[1].description == "two");
  CHECK(doc.types[5].input_fields[0].default_value->text == "3");
  CHECK(doc.directives[0].repeatable);
  CHECK(doc.directives[0].locations.size() == 2);
  CHECK(doc.types[6].extension);
  CHECK(parse_fail("enum E { true }").message.find("reserved") != std::string::npos);
  CHECK(parse_fail("directive @d on NOWHERE").message
        == "Syntax Error: Unexpected Name \"NOWHERE\".");
}
