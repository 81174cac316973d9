#include "common/json.hpp"

namespace colors {

namespace {

// Length of the valid UTF-8 sequence at `i`, 0 when the bytes there are not valid UTF-8.
size_t utf8_length(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](size_t k) { return k < s.size() && (at(k) & 0xc0) == 0x80; };
  auto c = at(i);
  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf)
    return cont(i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(i + 1) || !cont(i + 2))
      return 0;
    auto c1 = at(i + 1);
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0)) // overlong, surrogates
      return 0;
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3))
      return 0;
    auto c1 = at(i + 1);
    if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90)) // overlong, > U+10FFFF
      return 0;
    return 4;
  }
  return 0;
}

void append_escaped(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: break;
  }
  if (c < 0x20) {
    static constexpr char hex[] = "0123456789abcdef";
    out += "\\u00";
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 0xf]);
  } else {
    out.push_back(static_cast<char>(c));
  }
}

} // namespace

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (size_t i = 0; i < text.size();) {
    auto len = utf8_length(text, i);
    if (len == 0) {
      out += "\xef\xbf\xbd"; // U+FFFD
      ++i;
    } else if (len == 1) {
      append_escaped(out, static_cast<unsigned char>(text[i++]));
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string json_string(std::string_view text) { return '"' + json_escape(text) + '"'; }

} // namespace colors
