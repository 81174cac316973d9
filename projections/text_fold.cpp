#include "projections/text_fold.hpp"

#include <array>
#include <cstdint>

namespace colors::projections {

namespace {

constexpr char32_t invalid = 0xFFFFFFFF;

// U+00C0..U+00FF folded; "" is a separator (× and ÷).
constexpr std::array<std::string_view, 64> latin1_folds{
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// U+0100..U+017F as runs of code points that fold alike (they come in case pairs).
struct fold_run {
  uint8_t length;
  std::string_view folded;
};
constexpr std::array<fold_run, 22> extended_a_runs{
    {{6, "a"}, {8, "c"},  {4, "d"},  {10, "e"}, {8, "g"}, {4, "h"},  {10, "i"}, {2, "ij"},
     {2, "j"}, {3, "k"},  {10, "l"}, {9, "n"},  {6, "o"}, {2, "oe"}, {6, "r"},  {8, "s"},
     {6, "t"}, {12, "u"}, {2, "w"},  {3, "y"},  {6, "z"}, {1, "s"}}};

std::string_view fold_extended_a(char32_t cp) {
  unsigned offset = cp - 0x100;
  for (const auto& run : extended_a_runs) {
    if (offset < run.length)
      return run.folded;
    offset -= run.length;
  }
  return "";
}

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// The code point at `pos`, advancing `pos`; `invalid` (one byte consumed) for malformed UTF-8.
char32_t decode_next(std::string_view s, size_t& pos) {
  auto lead = static_cast<unsigned char>(s[pos++]);
  if (lead < 0x80)
    return lead;
  int extra = lead >= 0xF0 && lead <= 0xF4 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC2 ? 1 : -1;
  if (lead > 0xF4 || extra < 0 || pos + extra > s.size())
    return invalid;
  char32_t cp = lead & (0x3F >> extra);
  for (int i = 0; i < extra; ++i) {
    auto c = static_cast<unsigned char>(s[pos + i]);
    if (!is_continuation(c))
      return invalid;
    cp = (cp << 6) | (c & 0x3F);
  }
  constexpr char32_t min_of[] = {0, 0x80, 0x800, 0x10000};
  if (cp < min_of[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
    return invalid;
  pos += extra;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  }
  out += static_cast<char>(0x80 | (cp & 0x3F));
}

bool is_symbol_block(char32_t cp) {
  return (cp >= 0x2000 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F)
         || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE10 && cp <= 0xFE6F)
         || (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20)
         || (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

// Greek and Cyrillic capitals to small letters; everything else unchanged.
char32_t lower_greek_cyrillic(char32_t cp) {
  if ((cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F))
    return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F)
    return cp + 0x50;
  return cp;
}

enum class kind { separator, skip, word };

// What `cp` adds to the current token (into `out`), or that it ends it.
kind fold_code_point(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    bool digit = cp >= '0' && cp <= '9', lower = cp >= 'a' && cp <= 'z';
    bool upper = cp >= 'A' && cp <= 'Z';
    if (!(digit || lower || upper))
      return kind::separator;
    out += static_cast<char>(upper ? cp + ('a' - 'A') : cp);
    return kind::word;
  }
  std::string_view folded;
  if (cp == 0xAA || cp == 0xBA)
    folded = cp == 0xAA ? "a" : "o";
  else if (cp >= 0xC0 && cp <= 0xFF)
    folded = latin1_folds[cp - 0xC0];
  else if (cp >= 0x100 && cp <= 0x17F)
    folded = fold_extended_a(cp);
  else if (cp >= 0x300 && cp <= 0x36F)
    return kind::skip;
  else if (cp == invalid || cp < 0xC0 || is_symbol_block(cp))
    return kind::separator;
  else {
    append_utf8(out, lower_greek_cyrillic(cp));
    return kind::word;
  }
  if (folded.empty())
    return kind::separator;
  out += folded;
  return kind::word;
}

void finish_token(std::string& token, std::vector<std::string>& tokens) {
  if (token.empty())
    return;
  if (token.size() > max_token_bytes) {
    size_t cut = max_token_bytes; // never inside a code point
    while (cut > 0 && is_continuation(static_cast<unsigned char>(token[cut])))
      --cut;
    token.resize(cut);
  }
  tokens.push_back(std::move(token));
  token.clear();
}

} // namespace

std::vector<std::string> fold_tokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string token;
  for (size_t pos = 0; pos < text.size();) {
    if (fold_code_point(decode_next(text, pos), token) == kind::separator)
      finish_token(token, tokens);
  }
  finish_token(token, tokens);
  return tokens;
}

size_t count_code_points(std::string_view text) {
  size_t n = 0;
  for (size_t pos = 0; pos < text.size(); ++n)
    decode_next(text, pos);
  return n;
}

} // namespace colors::projections
