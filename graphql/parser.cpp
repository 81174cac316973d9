#include "graphql/parser.hpp"

#include "graphql/parser_impl.hpp"

namespace colors::graphql {

type_ref type_ref::named_of(std::string name, location loc) {
  type_ref t;
  t.name = std::move(name);
  t.loc = loc;
  return t;
}

type_ref type_ref::list_of(type_ref inner) {
  type_ref t;
  t.kind = kind_t::list;
  t.loc = inner.loc;
  t.of = std::make_shared<const type_ref>(std::move(inner));
  return t;
}

type_ref type_ref::non_null_of(type_ref inner) {
  type_ref t;
  t.kind = kind_t::non_null;
  t.loc = inner.loc;
  t.of = std::make_shared<const type_ref>(std::move(inner));
  return t;
}

const std::string& type_ref::named() const {
  const type_ref* t = this;
  while (t->kind != kind_t::named)
    t = t->of.get();
  return t->name;
}

const char* to_string(operation_type t) {
  switch (t) {
    case operation_type::query:
      return "query";
    case operation_type::mutation:
      return "mutation";
    case operation_type::subscription:
      return "subscription";
  }
  return "query";
}

std::optional<error> parse(std::string_view text, const limits& lim, document& out) {
  if (text.size() > lim.max_document_bytes)
    return make_error("Document is larger than " + std::to_string(lim.max_document_bytes)
                          + " bytes.",
                      {}, codes::document_too_large);
  detail::parser p(text, lim);
  return p.parse_document(out);
}

namespace detail {

namespace {
std::string token_desc(const token& t) {
  std::string d = describe(t.kind);
  if (t.kind == token_kind::name || t.kind == token_kind::int_ || t.kind == token_kind::float_)
    d += " \"" + t.value + "\"";
  else if (t.kind == token_kind::string || t.kind == token_kind::block_string)
    d += " \"" + t.value + "\"";
  return d;
}
} // namespace

parser::parser(std::string_view text, const limits& lim) : lex_(text, lim.max_tokens), lim_(lim) {
  advance();
}

void parser::advance() {
  if (failed())
    return;
  if (auto e = lex_.next(tok_))
    err_ = std::move(e);
}

bool parser::peek_keyword(std::string_view kw) const {
  return tok_.kind == token_kind::name && tok_.value == kw;
}

bool parser::skip(token_kind k) {
  if (failed() || tok_.kind != k)
    return false;
  advance();
  return true;
}

bool parser::skip_keyword(std::string_view kw) {
  if (failed() || !peek_keyword(kw))
    return false;
  advance();
  return true;
}

void parser::expect(token_kind k) {
  if (failed())
    return;
  if (tok_.kind != k)
    return fail("Expected " + describe(k) + ", found " + token_desc(tok_) + ".", tok_.loc);
  advance();
}

void parser::expect_keyword(std::string_view kw) {
  if (failed())
    return;
  if (!peek_keyword(kw))
    return fail("Expected \"" + std::string(kw) + "\", found " + token_desc(tok_) + ".", tok_.loc);
  advance();
}

std::string parser::parse_name() {
  if (failed())
    return {};
  if (tok_.kind != token_kind::name) {
    fail("Expected Name, found " + token_desc(tok_) + ".", tok_.loc);
    return {};
  }
  std::string name = std::move(tok_.value);
  advance();
  return name;
}

void parser::unexpected() {
  if (!failed())
    fail("Unexpected " + token_desc(tok_) + ".", tok_.loc);
}

void parser::fail(std::string message, location loc, const char* code) {
  if (failed())
    return;
  if (code)
    err_ = make_error(std::move(message), loc, code);
  else
    err_ = make_error("Syntax Error: " + std::move(message), loc, codes::parse_failed);
}

bool parser::enter_nesting() {
  if (++value_depth_ > lim_.max_value_depth) {
    fail("Values or types are nested too deeply.", tok_.loc);
    return false;
  }
  return true;
}

std::optional<error> parser::parse_document(document& doc) {
  if (!failed() && peek(token_kind::eof))
    unexpected();
  while (!failed() && !peek(token_kind::eof))
    parse_definition(doc);
  return err_;
}

void parser::parse_definition(document& doc) {
  if (peek(token_kind::brace_l))
    return parse_operation(doc, {});
  location desc_loc = tok_.loc;
  bool has_desc = peek(token_kind::string) || peek(token_kind::block_string);
  std::string desc = parse_description();
  if (failed())
    return;
  // graphql-js 16.11+ (and the spec draft) allow descriptions on operations and fragments.
  if (has_desc && peek(token_kind::brace_l))
    return fail("Unexpected description, descriptions are not supported on shorthand queries.",
                desc_loc);
  if (!peek(token_kind::name))
    return unexpected();
  const auto& kw = tok_.value;
  if (kw == "query" || kw == "mutation" || kw == "subscription")
    return parse_operation(doc, std::move(desc));
  if (kw == "fragment")
    return parse_fragment(doc, std::move(desc));
  if (kw == "extend") {
    if (has_desc)
      return fail("Unexpected description, only GraphQL definitions support descriptions.",
                  desc_loc);
    return parse_extension(doc);
  }
  return parse_type_system(doc, std::move(desc));
}

std::optional<operation_type> parser::parse_operation_type() {
  std::optional<operation_type> op;
  if (peek_keyword("query"))
    op = operation_type::query;
  else if (peek_keyword("mutation"))
    op = operation_type::mutation;
  else if (peek_keyword("subscription"))
    op = operation_type::subscription;
  if (op)
    advance();
  else
    unexpected();
  return op;
}

void parser::parse_operation(document& doc, std::string description) {
  operation_definition op;
  op.loc = tok_.loc;
  op.description = std::move(description);
  if (peek(token_kind::brace_l)) {
    op.selections = parse_selection_set();
  } else {
    op.op = parse_operation_type().value_or(operation_type::query);
    if (peek(token_kind::name))
      op.name = parse_name();
    op.variables = parse_variable_definitions();
    op.directives = parse_directives(false);
    op.selections = parse_selection_set();
  }
  doc.definition_order.push_back({document::def_kind::operation, doc.operations.size()});
  doc.operations.push_back(std::move(op));
}

std::string parser::parse_fragment_name() {
  if (peek_keyword("on")) {
    unexpected();
    return {};
  }
  return parse_name();
}

void parser::parse_fragment(document& doc, std::string description) {
  fragment_definition f;
  f.loc = tok_.loc;
  f.description = std::move(description);
  expect_keyword("fragment");
  f.name = parse_fragment_name();
  expect_keyword("on");
  f.type_condition_loc = tok_.loc;
  f.type_condition = parse_name();
  f.directives = parse_directives(false);
  f.selections = parse_selection_set();
  doc.definition_order.push_back({document::def_kind::fragment, doc.fragments.size()});
  doc.fragments.push_back(std::move(f));
}

std::vector<variable_definition> parser::parse_variable_definitions() {
  std::vector<variable_definition> vars;
  if (!skip(token_kind::paren_l))
    return vars;
  do {
    variable_definition v;
    v.description = parse_description();
    v.loc = tok_.loc;
    expect(token_kind::dollar);
    v.name = parse_name();
    expect(token_kind::colon);
    v.type = parse_type();
    if (skip(token_kind::equals))
      v.default_value = parse_value(true);
    v.directives = parse_directives(true);
    vars.push_back(std::move(v));
  } while (!failed() && !skip(token_kind::paren_r));
  return vars;
}

std::vector<directive> parser::parse_directives(bool is_const) {
  std::vector<directive> out;
  while (!failed() && peek(token_kind::at)) {
    directive d;
    d.loc = tok_.loc;
    advance();
    d.name = parse_name();
    d.arguments = parse_arguments(is_const);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<argument> parser::parse_arguments(bool is_const) {
  std::vector<argument> out;
  if (!skip(token_kind::paren_l))
    return out;
  do {
    argument a;
    a.loc = tok_.loc;
    a.name = parse_name();
    expect(token_kind::colon);
    a.val = parse_value(is_const);
    out.push_back(std::move(a));
  } while (!failed() && !skip(token_kind::paren_r));
  return out;
}

selection_set parser::parse_selection_set() {
  selection_set out;
  if (failed())
    return out;
  if (++depth_ > lim_.max_depth) {
    fail("Query is nested deeper than " + std::to_string(lim_.max_depth) + " levels.", tok_.loc,
         codes::query_too_deep);
    return out;
  }
  expect(token_kind::brace_l);
  do {
    out.push_back(parse_selection());
  } while (!failed() && !skip(token_kind::brace_r));
  --depth_;
  return out;
}

selection parser::parse_selection() {
  if (!peek(token_kind::spread))
    return parse_field();
  selection s;
  s.loc = tok_.loc;
  advance();
  if (peek(token_kind::name) && tok_.value != "on") {
    s.kind = selection_kind::fragment_spread;
    s.name = parse_name();
    s.directives = parse_directives(false);
    return s;
  }
  s.kind = selection_kind::inline_fragment;
  if (skip_keyword("on")) {
    s.type_condition_loc = tok_.loc;
    s.type_condition = parse_name();
  }
  s.directives = parse_directives(false);
  s.selections = parse_selection_set();
  s.has_selection_set = true;
  return s;
}

selection parser::parse_field() {
  selection s;
  s.loc = tok_.loc;
  s.name = parse_name();
  if (skip(token_kind::colon)) {
    if (++aliases_ > lim_.max_aliases) {
      fail("Query uses more than " + std::to_string(lim_.max_aliases) + " aliases.", s.loc,
           codes::too_many_aliases);
      return s;
    }
    s.alias = std::move(s.name);
    s.name = parse_name();
  }
  s.arguments = parse_arguments(false);
  s.directives = parse_directives(false);
  if (peek(token_kind::brace_l)) {
    s.selections = parse_selection_set();
    s.has_selection_set = true;
  }
  return s;
}

value parser::parse_value(bool is_const) {
  value v;
  v.loc = tok_.loc;
  if (failed())
    return v;
  switch (tok_.kind) {
    case token_kind::bracket_l:
      return parse_list(is_const);
    case token_kind::brace_l:
      return parse_object(is_const);
    case token_kind::int_:
      v.kind = value_kind::int_;
      break;
    case token_kind::float_:
      v.kind = value_kind::float_;
      break;
    case token_kind::string:
      v.kind = value_kind::string;
      break;
    case token_kind::block_string:
      v.kind = value_kind::string;
      v.block = true;
      break;
    case token_kind::name:
      if (tok_.value == "true" || tok_.value == "false")
        v.kind = value_kind::boolean;
      else if (tok_.value == "null")
        v.kind = value_kind::null;
      else
        v.kind = value_kind::enum_;
      break;
    case token_kind::dollar:
      if (is_const) {
        advance();
        if (peek(token_kind::name))
          fail("Unexpected variable \"$" + tok_.value + "\" in constant value.", v.loc);
        else
          unexpected();
        return v;
      }
      advance();
      v.kind = value_kind::variable;
      v.text = parse_name();
      return v;
    default:
      unexpected();
      return v;
  }
  v.text = std::move(tok_.value);
  advance();
  return v;
}

value parser::parse_list(bool is_const) {
  value v;
  v.kind = value_kind::list;
  v.loc = tok_.loc;
  if (!enter_nesting())
    return v;
  advance();
  while (!failed() && !skip(token_kind::bracket_r)) {
    if (peek(token_kind::eof))
      return unexpected(), v;
    v.items.push_back(parse_value(is_const));
  }
  --value_depth_;
  return v;
}

value parser::parse_object(bool is_const) {
  value v;
  v.kind = value_kind::object;
  v.loc = tok_.loc;
  if (!enter_nesting())
    return v;
  advance();
  while (!failed() && !skip(token_kind::brace_r)) {
    object_field f;
    f.loc = tok_.loc;
    f.name = parse_name();
    expect(token_kind::colon);
    f.val = parse_value(is_const);
    v.fields.push_back(std::move(f));
  }
  --value_depth_;
  return v;
}

type_ref parser::parse_type() {
  type_ref t;
  if (failed() || !enter_nesting())
    return t;
  location loc = tok_.loc;
  if (skip(token_kind::bracket_l)) {
    t = type_ref::list_of(parse_type());
    expect(token_kind::bracket_r);
  } else {
    t = type_ref::named_of(parse_name(), loc);
  }
  t.loc = loc;
  if (skip(token_kind::bang)) {
    t = type_ref::non_null_of(std::move(t));
    t.loc = loc;
  }
  --value_depth_;
  return t;
}

} // namespace detail
} // namespace colors::graphql
