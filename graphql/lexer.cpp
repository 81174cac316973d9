#include "graphql/lexer.hpp"

#include <vector>

namespace colors::graphql {
namespace {

bool is_name_start(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_name_continue(char c) {
  return is_name_start(c) || is_digit(c);
}

// Source text in double quotes, as graphql-js shows an escape sequence (unescaped).
std::string json_quote(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

std::string printable(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f)
    return c == '"' ? std::string("'\"'") : "\"" + std::string(1, c) + "\"";
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", u);
  return buf;
}

} // namespace

std::string describe(token_kind kind) {
  switch (kind) {
    case token_kind::sof:
      return "<SOF>";
    case token_kind::eof:
      return "<EOF>";
    case token_kind::bang:
      return "\"!\"";
    case token_kind::dollar:
      return "\"$\"";
    case token_kind::amp:
      return "\"&\"";
    case token_kind::paren_l:
      return "\"(\"";
    case token_kind::paren_r:
      return "\")\"";
    case token_kind::spread:
      return "\"...\"";
    case token_kind::colon:
      return "\":\"";
    case token_kind::equals:
      return "\"=\"";
    case token_kind::at:
      return "\"@\"";
    case token_kind::bracket_l:
      return "\"[\"";
    case token_kind::bracket_r:
      return "\"]\"";
    case token_kind::brace_l:
      return "\"{\"";
    case token_kind::pipe:
      return "\"|\"";
    case token_kind::brace_r:
      return "\"}\"";
    case token_kind::name:
      return "Name";
    case token_kind::int_:
      return "Int";
    case token_kind::float_:
      return "Float";
    case token_kind::string:
      return "String";
    case token_kind::block_string:
      return "BlockString";
  }
  return "token";
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

lexer::lexer(std::string_view source, std::size_t max_tokens)
  : src_(source), max_tokens_(max_tokens) {
  if (src_.substr(0, 3) == "\xEF\xBB\xBF") // a UTF-8 byte order mark is ignored
    pos_ = line_start_ = 3;
}

char lexer::peek(std::size_t ahead) const {
  return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
}

location lexer::here() const {
  return {line_, static_cast<uint32_t>(pos_ - line_start_ + 1)};
}

void lexer::advance(std::size_t n) {
  pos_ += n;
}

error lexer::fail(std::string message, location loc) const {
  return make_error("Syntax Error: " + std::move(message), loc, codes::parse_failed);
}

void lexer::skip_ignored() {
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == ' ' || c == '\t' || c == ',') {
      ++pos_;
    } else if (c == '\n' || c == '\r') {
      pos_ += (c == '\r' && peek(1) == '\n') ? 2 : 1;
      ++line_;
      line_start_ = pos_;
    } else if (c == '#') {
      while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r')
        ++pos_;
    } else {
      return;
    }
  }
}

std::optional<error> lexer::next(token& out) {
  skip_ignored();
  out.loc = here();
  out.value.clear();
  if (pos_ >= src_.size()) {
    out.kind = token_kind::eof;
    return std::nullopt;
  }
  if (++tokens_ > max_tokens_)
    return make_error("Document contains more than " + std::to_string(max_tokens_) + " tokens.",
                      out.loc, codes::too_many_tokens);
  char c = src_[pos_];
  auto punct = [&](token_kind k) {
    out.kind = k;
    advance();
    return std::nullopt;
  };
  switch (c) {
    case '!':
      return punct(token_kind::bang);
    case '$':
      return punct(token_kind::dollar);
    case '&':
      return punct(token_kind::amp);
    case '(':
      return punct(token_kind::paren_l);
    case ')':
      return punct(token_kind::paren_r);
    case ':':
      return punct(token_kind::colon);
    case '=':
      return punct(token_kind::equals);
    case '@':
      return punct(token_kind::at);
    case '[':
      return punct(token_kind::bracket_l);
    case ']':
      return punct(token_kind::bracket_r);
    case '{':
      return punct(token_kind::brace_l);
    case '|':
      return punct(token_kind::pipe);
    case '}':
      return punct(token_kind::brace_r);
    case '.':
      if (peek(1) == '.' && peek(2) == '.') {
        out.kind = token_kind::spread;
        advance(3);
        return std::nullopt;
      }
      return fail("Unexpected character: \".\".", out.loc);
    case '"':
      if (peek(1) == '"' && peek(2) == '"')
        return read_block_string(out);
      return read_string(out);
    default:
      break;
  }
  if (is_name_start(c)) {
    std::size_t start = pos_;
    while (pos_ < src_.size() && is_name_continue(src_[pos_]))
      ++pos_;
    out.kind = token_kind::name;
    out.value.assign(src_.substr(start, pos_ - start));
    return std::nullopt;
  }
  if (c == '-' || is_digit(c))
    return read_number(out);
  return fail("Unexpected character: " + printable_at(pos_) + ".", out.loc);
}

// The code point at `pos` as graphql-js names it: "x" for printable ASCII, else U+XXXX.
std::string lexer::printable_at(std::size_t pos) const {
  auto u = static_cast<unsigned char>(src_[pos]);
  if (u < 0x80)
    return printable(src_[pos]);
  int extra = u >= 0xF0 ? 3 : u >= 0xE0 ? 2 : u >= 0xC0 ? 1 : 0;
  uint32_t cp = extra == 3 ? u & 0x07 : extra == 2 ? u & 0x0F : extra == 1 ? u & 0x1F : u;
  for (int i = 1; i <= extra && pos + i < src_.size(); ++i)
    cp = (cp << 6) | (static_cast<unsigned char>(src_[pos + i]) & 0x3F);
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", cp);
  return buf;
}

std::optional<error> lexer::read_number(token& out) {
  std::size_t start = pos_;
  bool is_float = false;
  if (peek() == '-')
    advance();
  if (peek() == '0') {
    advance();
    if (is_digit(peek()))
      return fail("Invalid number, unexpected digit after 0: " + printable(peek()) + ".", here());
  } else {
    if (!is_digit(peek()))
      return fail("Invalid number, expected digit but got: "
                      + (pos_ < src_.size() ? printable(peek()) : std::string("<EOF>")) + ".",
                  here());
    while (is_digit(peek()))
      advance();
  }
  auto digits = [&]() -> std::optional<error> {
    if (!is_digit(peek()))
      return fail("Invalid number, expected digit but got: "
                      + (pos_ < src_.size() ? printable(peek()) : std::string("<EOF>")) + ".",
                  here());
    while (is_digit(peek()))
      advance();
    return std::nullopt;
  };
  if (peek() == '.') {
    is_float = true;
    advance();
    if (auto err = digits())
      return err;
  }
  if (peek() == 'e' || peek() == 'E') {
    is_float = true;
    advance();
    if (peek() == '+' || peek() == '-')
      advance();
    if (auto err = digits())
      return err;
  }
  if (peek() == '.' || is_name_start(peek()))
    return fail("Invalid number, expected digit but got: " + printable(peek()) + ".", here());
  out.kind = is_float ? token_kind::float_ : token_kind::int_;
  out.value.assign(src_.substr(start, pos_ - start));
  return std::nullopt;
}

std::optional<uint32_t> lexer::read_hex(std::size_t digits) {
  uint32_t v = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    char c = peek(i);
    int d = is_digit(c)              ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : -1;
    if (d < 0)
      return std::nullopt;
    v = v * 16 + static_cast<uint32_t>(d);
  }
  advance(digits);
  return v;
}

std::optional<error> lexer::read_escape(std::string& out) {
  location at = here();
  std::size_t start = pos_;
  char c = peek(1);
  // The single-character escapes of the spec, and what each stands for.
  static constexpr std::string_view escaped = "\"\\/bfnrt";
  static constexpr std::string_view meaning = "\"\\/\b\f\n\r\t";
  if (auto i = escaped.find(c); c != '\0' && i != std::string_view::npos) {
    out += meaning[i];
    advance(2);
    return std::nullopt;
  }
  switch (c) {
    case 'u':
      break;
    default:
      return fail(
          "Invalid character escape sequence: "
              + json_quote(src_.substr(start, std::min<std::size_t>(2, src_.size() - start))) + ".",
          at);
  }
  advance(2);
  // graphql-js quotes the escape as far as it read it: `\u` and four more, or up to `}`.
  auto bad = [&] {
    std::size_t len = std::min<std::size_t>(6, src_.size() - start);
    if (start + 2 < src_.size() && src_[start + 2] == '{') {
      auto close = src_.find('}', start);
      len = close == std::string_view::npos ? pos_ - start : close - start + 1;
    } else if (pos_ > start + 6) {
      len = std::min<std::size_t>(12, src_.size() - start); // a broken surrogate pair
    }
    return fail("Invalid Unicode escape sequence: " + json_quote(src_.substr(start, len)) + ".",
                at);
  };
  if (peek() == '{') { // variable-width escape \u{1F600}
    advance();
    uint32_t v = 0;
    std::size_t n = 0;
    while (peek() != '}') {
      auto d = read_hex(1);
      if (!d || ++n > 6)
        return bad();
      v = v * 16 + *d;
    }
    advance();
    if (n == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
      return bad();
    append_utf8(out, v);
    return std::nullopt;
  }
  auto hi = read_hex(4);
  if (!hi)
    return bad();
  if (*hi >= 0xD800 && *hi <= 0xDBFF) { // a surrogate pair must follow
    if (peek() != '\\' || peek(1) != 'u')
      return bad();
    advance(2);
    auto lo = read_hex(4);
    if (!lo || *lo < 0xDC00 || *lo > 0xDFFF)
      return bad();
    append_utf8(out, 0x10000 + ((*hi - 0xD800) << 10) + (*lo - 0xDC00));
    return std::nullopt;
  }
  if (*hi >= 0xDC00 && *hi <= 0xDFFF)
    return bad();
  append_utf8(out, *hi);
  return std::nullopt;
}

std::optional<error> lexer::read_string(token& out) {
  advance(); // opening quote
  out.kind = token_kind::string;
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == '"') {
      advance();
      return std::nullopt;
    }
    if (c == '\n' || c == '\r')
      break;
    if (c == '\\') {
      if (auto err = read_escape(out.value))
        return err;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
      return fail("Invalid character within String: " + printable(c) + ".", here());
    out.value += c;
    advance();
  }
  return fail("Unterminated string.", here());
}

std::optional<error> lexer::read_block_string(token& out) {
  advance(3);
  out.kind = token_kind::block_string;
  std::string raw;
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == '"' && peek(1) == '"' && peek(2) == '"') {
      advance(3);
      out.value = block_string_value(raw);
      return std::nullopt;
    }
    if (c == '\\' && peek(1) == '"' && peek(2) == '"' && peek(3) == '"') {
      raw += "\"\"\"";
      advance(4);
      continue;
    }
    if (c == '\n' || c == '\r') {
      std::size_t n = (c == '\r' && peek(1) == '\n') ? 2 : 1;
      raw.append(src_.substr(pos_, n));
      advance(n);
      ++line_;
      line_start_ = pos_;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
      return fail("Invalid character within String: " + printable(c) + ".", here());
    raw += c;
    advance();
  }
  return fail("Unterminated string.", here());
}

std::string block_string_value(std::string_view raw) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n' || raw[i] == '\r') {
      lines.push_back(raw.substr(start, i - start));
      if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n')
        ++i;
      start = i + 1;
    }
  }
  lines.push_back(raw.substr(start));
  auto indent_of = [](std::string_view l) {
    std::size_t i = 0;
    while (i < l.size() && (l[i] == ' ' || l[i] == '\t'))
      ++i;
    return i;
  };
  std::optional<std::size_t> common;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto ind = indent_of(lines[i]);
    if (ind < lines[i].size() && (!common || ind < *common))
      common = ind;
  }
  if (common)
    for (std::size_t i = 1; i < lines.size(); ++i)
      lines[i].remove_prefix(std::min(*common, lines[i].size()));
  auto blank = [&](std::string_view l) { return indent_of(l) == l.size(); };
  std::size_t first = 0, last = lines.size();
  while (first < last && blank(lines[first]))
    ++first;
  while (last > first && blank(lines[last - 1]))
    --last;
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    if (i > first)
      out += '\n';
    out.append(lines[i]);
  }
  return out;
}

} // namespace colors::graphql
