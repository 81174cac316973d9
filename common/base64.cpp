#include "common/base64.hpp"

#include <array>
#include <cstdint>

namespace colors {

namespace {

constexpr std::string_view standard_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view url_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

using reverse_table = std::array<int8_t, 256>;

constexpr reverse_table make_reverse(std::string_view alphabet) {
  reverse_table table{};
  for (auto& v : table)
    v = -1;
  for (size_t i = 0; i < alphabet.size(); ++i)
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
  return table;
}

constexpr reverse_table standard_reverse = make_reverse(standard_alphabet);
constexpr reverse_table url_reverse = make_reverse(url_alphabet);

std::string encode(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6)
      out.push_back(alphabet[(v >> shift) & 0x3f]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 0)
    return out;
  uint32_t v = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
  out.push_back(alphabet[(v >> 18) & 0x3f]);
  out.push_back(alphabet[(v >> 12) & 0x3f]);
  if (rest == 2)
    out.push_back(alphabet[(v >> 6) & 0x3f]);
  if (pad)
    out.append(3 - rest, '=');
  return out;
}

// Decodes unpadded text; rejects characters outside the table, a length of 1 mod 4 (never
// produced by an encoder) and non-zero unused bits (non-canonical).
std::optional<std::string> decode(std::string_view text, const reverse_table& table) {
  if (text.size() % 4 == 1)
    return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = table[static_cast<unsigned char>(c)];
    if (v < 0)
      return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0)
    return std::nullopt;
  return out;
}

} // namespace

std::string base64_encode(std::string_view bytes) {
  return encode(bytes, standard_alphabet, true);
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0)
    return std::nullopt;
  size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=')
    ++pad;
  return decode(text.substr(0, text.size() - pad), standard_reverse);
}

std::string base64url_encode(std::string_view bytes) {
  return encode(bytes, url_alphabet, false);
}

std::optional<std::string> base64url_decode(std::string_view text) {
  return decode(text, url_reverse);
}

} // namespace colors
