#pragma once
// Tokens of GraphQL source text (spec section 2.1). One lexer reads one document on one
// thread; it holds a view of the source, which must outlive it.
#include "graphql/ast.hpp"
#include "graphql/error.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace colors::graphql {

enum class token_kind : uint8_t {
  sof,
  eof,
  bang,
  dollar,
  amp,
  paren_l,
  paren_r,
  spread,
  colon,
  equals,
  at,
  bracket_l,
  bracket_r,
  brace_l,
  pipe,
  brace_r,
  name,
  int_,
  float_,
  string,
  block_string
};

// How a token kind reads in an error message.
std::string describe(token_kind kind);

struct token {
  token_kind kind = token_kind::sof;
  location loc;
  std::string value; // name, number digits or decoded string contents
};

class lexer {
public:
  lexer(std::string_view source, std::size_t max_tokens);

  // Reads the next token into `out`; an error on malformed text or too many tokens.
  [[nodiscard]] std::optional<error> next(token& out);

private:
  char peek(std::size_t ahead = 0) const;
  location here() const;
  void advance(std::size_t n = 1);
  void skip_ignored();
  [[nodiscard]] std::optional<error> read_number(token& out);
  [[nodiscard]] std::optional<error> read_string(token& out);
  [[nodiscard]] std::optional<error> read_block_string(token& out);
  [[nodiscard]] std::optional<error> read_escape(std::string& out);
  [[nodiscard]] std::optional<uint32_t> read_hex(std::size_t digits);
  error fail(std::string message, location loc) const;
  std::string printable_at(std::size_t pos) const;

  std::string_view src_;
  std::size_t pos_ = 0;
  uint32_t line_ = 1;
  std::size_t line_start_ = 0;
  std::size_t tokens_ = 0;
  std::size_t max_tokens_;
};

// The spec's BlockStringValue: common indentation and blank first/last lines removed.
std::string block_string_value(std::string_view raw);

// Appends the UTF-8 encoding of a code point.
void append_utf8(std::string& out, uint32_t cp);

} // namespace colors::graphql
