#pragma once
// The recursive-descent parser behind parse(). Internal to the graphql module; one instance
// parses one document on one thread.
#include "graphql/lexer.hpp"
#include "graphql/limits.hpp"

#include <optional>

namespace colors::graphql::detail {

// Errors travel as a member: after a failure every parse function returns early (`failed()`),
// which keeps the grammar functions short without exceptions.
class parser {
public:
  parser(std::string_view text, const limits& lim);
  std::optional<error> parse_document(document& doc);

private:
  // tokens
  bool failed() const { return err_.has_value(); }
  void advance();
  bool peek(token_kind k) const { return tok_.kind == k; }
  bool peek_keyword(std::string_view kw) const;
  bool skip(token_kind k);
  bool skip_keyword(std::string_view kw);
  void expect(token_kind k);
  void expect_keyword(std::string_view kw);
  std::string parse_name();
  void unexpected();
  void fail(std::string message, location loc, const char* code = nullptr);
  bool enter_nesting();

  // executable
  void parse_definition(document& doc);
  void parse_operation(document& doc, std::string description);
  void parse_fragment(document& doc, std::string description);
  std::vector<variable_definition> parse_variable_definitions();
  std::vector<directive> parse_directives(bool is_const);
  std::vector<argument> parse_arguments(bool is_const);
  selection_set parse_selection_set();
  selection parse_selection();
  selection parse_field();
  value parse_value(bool is_const);
  value parse_list(bool is_const);
  value parse_object(bool is_const);
  type_ref parse_type();
  std::string parse_fragment_name();

  // type system (parser_sdl.cpp)
  void parse_type_system(document& doc, std::string desc);
  void parse_extension(document& doc);
  std::string parse_description();
  void parse_schema(document& doc, std::string desc, bool ext, location loc);
  void parse_scalar(document& doc, std::string desc, bool ext, location loc);
  void parse_object_like(document& doc, type_def_kind kind, std::string desc, bool ext,
                         location loc);
  void parse_union(document& doc, std::string desc, bool ext, location loc);
  void parse_enum(document& doc, std::string desc, bool ext, location loc);
  void parse_input(document& doc, std::string desc, bool ext, location loc);
  void parse_directive_definition(document& doc, std::string desc, location loc);
  std::vector<std::string> parse_implements();
  std::vector<field_definition> parse_fields_definition();
  std::vector<input_value_definition> parse_input_values(token_kind open, token_kind close);
  input_value_definition parse_input_value();
  std::optional<operation_type> parse_operation_type();

  lexer lex_;
  limits lim_;
  token tok_;
  std::optional<error> err_;
  std::size_t depth_ = 0;       // selection-set nesting
  std::size_t value_depth_ = 0; // list/object/type nesting
  std::size_t aliases_ = 0;
};

} // namespace colors::graphql::detail
