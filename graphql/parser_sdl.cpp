// The type-system half of the parser: schema, scalar, type, interface, union, enum, input and
// directive definitions, their descriptions and `extend` forms.
#include "graphql/parser_impl.hpp"

#include <array>

namespace colors::graphql::detail {
namespace {

constexpr std::array<std::string_view, 20> directive_locations = {"QUERY",
                                                                  "MUTATION",
                                                                  "SUBSCRIPTION",
                                                                  "FIELD",
                                                                  "FRAGMENT_DEFINITION",
                                                                  "FRAGMENT_SPREAD",
                                                                  "INLINE_FRAGMENT",
                                                                  "VARIABLE_DEFINITION",
                                                                  "SCHEMA",
                                                                  "SCALAR",
                                                                  "OBJECT",
                                                                  "FIELD_DEFINITION",
                                                                  "ARGUMENT_DEFINITION",
                                                                  "INTERFACE",
                                                                  "UNION",
                                                                  "ENUM",
                                                                  "ENUM_VALUE",
                                                                  "INPUT_OBJECT",
                                                                  "INPUT_FIELD_DEFINITION",
                                                                  "DIRECTIVE_DEFINITION"};

bool is_directive_location(std::string_view name) {
  for (auto l : directive_locations)
    if (l == name)
      return true;
  return false;
}

} // namespace

std::string parser::parse_description() {
  if (!peek(token_kind::string) && !peek(token_kind::block_string))
    return {};
  std::string d = std::move(tok_.value);
  advance();
  return d;
}

void parser::parse_type_system(document& doc, std::string desc) {
  location loc = tok_.loc;
  if (failed())
    return;
  if (!peek(token_kind::name))
    return unexpected();
  std::string kw = tok_.value;
  if (kw == "schema")
    return parse_schema(doc, std::move(desc), false, loc);
  if (kw == "scalar")
    return parse_scalar(doc, std::move(desc), false, loc);
  if (kw == "type")
    return parse_object_like(doc, type_def_kind::object, std::move(desc), false, loc);
  if (kw == "interface")
    return parse_object_like(doc, type_def_kind::interface, std::move(desc), false, loc);
  if (kw == "union")
    return parse_union(doc, std::move(desc), false, loc);
  if (kw == "enum")
    return parse_enum(doc, std::move(desc), false, loc);
  if (kw == "input")
    return parse_input(doc, std::move(desc), false, loc);
  if (kw == "directive")
    return parse_directive_definition(doc, std::move(desc), loc);
  unexpected();
}

void parser::parse_extension(document& doc) {
  location loc = tok_.loc;
  expect_keyword("extend");
  if (failed())
    return;
  if (!peek(token_kind::name))
    return unexpected();
  std::string kw = tok_.value;
  if (kw == "schema")
    return parse_schema(doc, {}, true, loc);
  if (kw == "scalar")
    return parse_scalar(doc, {}, true, loc);
  if (kw == "type")
    return parse_object_like(doc, type_def_kind::object, {}, true, loc);
  if (kw == "interface")
    return parse_object_like(doc, type_def_kind::interface, {}, true, loc);
  if (kw == "union")
    return parse_union(doc, {}, true, loc);
  if (kw == "enum")
    return parse_enum(doc, {}, true, loc);
  if (kw == "input")
    return parse_input(doc, {}, true, loc);
  unexpected();
}

void parser::parse_schema(document& doc, std::string desc, bool ext, location loc) {
  schema_definition s;
  s.extension = ext;
  s.description = std::move(desc);
  s.loc = loc;
  advance();
  s.directives = parse_directives(true);
  bool has_body = peek(token_kind::brace_l);
  if (!ext || has_body) {
    expect(token_kind::brace_l);
    do {
      auto op = parse_operation_type();
      expect(token_kind::colon);
      std::string name = parse_name();
      if (op)
        s.roots.emplace_back(*op, std::move(name));
    } while (!failed() && !skip(token_kind::brace_r));
  } else if (s.directives.empty()) {
    unexpected();
  }
  doc.definition_order.push_back({document::def_kind::schema, doc.schemas.size()});
  doc.schemas.push_back(std::move(s));
}

namespace {
type_definition start_type(type_def_kind kind, std::string desc, bool ext, location loc) {
  type_definition t;
  t.kind = kind;
  t.description = std::move(desc);
  t.extension = ext;
  t.loc = loc;
  return t;
}

void push_type(document& doc, type_definition t) {
  doc.definition_order.push_back({document::def_kind::type, doc.types.size()});
  doc.types.push_back(std::move(t));
}
} // namespace

void parser::parse_scalar(document& doc, std::string desc, bool ext, location loc) {
  auto t = start_type(type_def_kind::scalar, std::move(desc), ext, loc);
  advance();
  t.name = parse_name();
  t.directives = parse_directives(true);
  if (ext && t.directives.empty())
    return unexpected();
  push_type(doc, std::move(t));
}

std::vector<std::string> parser::parse_implements() {
  std::vector<std::string> out;
  if (!skip_keyword("implements"))
    return out;
  skip(token_kind::amp);
  do {
    out.push_back(parse_name());
  } while (!failed() && skip(token_kind::amp));
  return out;
}

void parser::parse_object_like(document& doc, type_def_kind kind, std::string desc, bool ext,
                               location loc) {
  auto t = start_type(kind, std::move(desc), ext, loc);
  advance();
  t.name = parse_name();
  t.interfaces = parse_implements();
  t.directives = parse_directives(true);
  if (peek(token_kind::brace_l))
    t.fields = parse_fields_definition();
  else if (ext && t.interfaces.empty() && t.directives.empty())
    return unexpected();
  push_type(doc, std::move(t));
}

std::vector<field_definition> parser::parse_fields_definition() {
  std::vector<field_definition> out;
  expect(token_kind::brace_l);
  do {
    field_definition f;
    f.description = parse_description();
    f.loc = tok_.loc;
    f.name = parse_name();
    if (peek(token_kind::paren_l))
      f.arguments = parse_input_values(token_kind::paren_l, token_kind::paren_r);
    expect(token_kind::colon);
    f.type = parse_type();
    f.directives = parse_directives(true);
    out.push_back(std::move(f));
  } while (!failed() && !skip(token_kind::brace_r));
  return out;
}

std::vector<input_value_definition> parser::parse_input_values(token_kind open, token_kind close) {
  std::vector<input_value_definition> out;
  expect(open);
  do {
    out.push_back(parse_input_value());
  } while (!failed() && !skip(close));
  return out;
}

input_value_definition parser::parse_input_value() {
  input_value_definition v;
  v.description = parse_description();
  v.loc = tok_.loc;
  v.name = parse_name();
  expect(token_kind::colon);
  v.type = parse_type();
  if (skip(token_kind::equals))
    v.default_value = parse_value(true);
  v.directives = parse_directives(true);
  return v;
}

void parser::parse_union(document& doc, std::string desc, bool ext, location loc) {
  auto t = start_type(type_def_kind::union_, std::move(desc), ext, loc);
  advance();
  t.name = parse_name();
  t.directives = parse_directives(true);
  if (skip(token_kind::equals)) {
    skip(token_kind::pipe);
    do {
      t.members.push_back(parse_name());
    } while (!failed() && skip(token_kind::pipe));
  } else if (ext && t.directives.empty()) {
    return unexpected();
  }
  push_type(doc, std::move(t));
}

void parser::parse_enum(document& doc, std::string desc, bool ext, location loc) {
  auto t = start_type(type_def_kind::enum_, std::move(desc), ext, loc);
  advance();
  t.name = parse_name();
  t.directives = parse_directives(true);
  if (skip(token_kind::brace_l)) {
    do {
      enum_value_definition v;
      v.description = parse_description();
      v.loc = tok_.loc;
      if (peek_keyword("true") || peek_keyword("false") || peek_keyword("null"))
        return fail("Name \"" + tok_.value + "\" is reserved and cannot be used for an enum value.",
                    tok_.loc);
      v.name = parse_name();
      v.directives = parse_directives(true);
      t.values.push_back(std::move(v));
    } while (!failed() && !skip(token_kind::brace_r));
  } else if (ext && t.directives.empty()) {
    return unexpected();
  }
  push_type(doc, std::move(t));
}

void parser::parse_input(document& doc, std::string desc, bool ext, location loc) {
  auto t = start_type(type_def_kind::input_object, std::move(desc), ext, loc);
  advance();
  t.name = parse_name();
  t.directives = parse_directives(true);
  if (peek(token_kind::brace_l))
    t.input_fields = parse_input_values(token_kind::brace_l, token_kind::brace_r);
  else if (ext && t.directives.empty())
    return unexpected();
  push_type(doc, std::move(t));
}

void parser::parse_directive_definition(document& doc, std::string desc, location loc) {
  directive_definition d;
  d.description = std::move(desc);
  d.loc = loc;
  advance();
  expect(token_kind::at);
  d.name = parse_name();
  if (peek(token_kind::paren_l))
    d.arguments = parse_input_values(token_kind::paren_l, token_kind::paren_r);
  d.repeatable = skip_keyword("repeatable");
  expect_keyword("on");
  skip(token_kind::pipe);
  do {
    location at = tok_.loc;
    std::string name = parse_name();
    if (!failed() && !is_directive_location(name))
      return fail("Unexpected Name \"" + name + "\".", at);
    d.locations.push_back(std::move(name));
  } while (!failed() && skip(token_kind::pipe));
  doc.definition_order.push_back({document::def_kind::directive, doc.directives.size()});
  doc.directives.push_back(std::move(d));
}

} // namespace colors::graphql::detail
