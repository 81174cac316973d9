#include "domain/colour.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace colors::domain::colour {

namespace {

double linear(uint32_t channel) {
  double c = channel / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double lab_f(double t) {
  constexpr double delta = 6.0 / 29.0;
  return t > delta * delta * delta ? std::cbrt(t) : t / (3 * delta * delta) + 4.0 / 29.0;
}

struct hsv {
  double hue = 0;        // degrees 0..360
  double saturation = 0; // 0..1
  double value = 0;      // 0..1
  double chroma = 0;     // max - min, 0..1
};

hsv to_hsv(uint32_t rgb) {
  double r = ((rgb >> 16) & 0xff) / 255.0, g = ((rgb >> 8) & 0xff) / 255.0, b = (rgb & 0xff) / 255.0;
  double max = std::max({r, g, b}), min = std::min({r, g, b}), c = max - min;
  double h = 0;
  if (c > 0)
    h = max == r ? 60 * std::fmod((g - b) / c + 6, 6) : max == g ? 60 * ((b - r) / c + 2) : 60 * ((r - g) / c + 4);
  return {h, max > 0 ? c / max : 0, max, c};
}

std::string_view neutral_family(const hsv& c) {
  if (c.value < 0.2)
    return "black";
  return c.value > 0.9 ? "white" : "grey";
}

// Reds, oranges and yellows, where darkness makes brown and paleness beige or pink.
std::string_view warm_family(const hsv& c) {
  if (c.hue >= 345 || c.hue < 15)
    return c.value > 0.8 && c.saturation < 0.5 ? "pink" : "red";
  if (c.saturation < 0.4 && c.value > 0.7)
    return "beige";
  if (c.hue < 45)
    return c.value < 0.65 ? "brown" : "orange";
  return c.value < 0.6 ? "green" : "yellow";
}

} // namespace

lab to_lab(uint32_t rgb) {
  double r = linear((rgb >> 16) & 0xff), g = linear((rgb >> 8) & 0xff), b = linear(rgb & 0xff);
  double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
  double fx = lab_f(x), fy = lab_f(y), fz = lab_f(z);
  return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

std::string_view family_of(uint32_t rgb) {
  auto c = to_hsv(rgb);
  if (c.chroma < 0.12)
    return neutral_family(c);
  if (c.hue >= 345 || c.hue < 70)
    return warm_family(c);
  if (c.hue < 170)
    return "green";
  if (c.hue < 250)
    return "blue";
  return c.hue < 290 ? "purple" : "pink";
}

std::string to_hex(uint32_t rgb) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%06x", rgb & 0xffffff);
  return buf;
}

std::optional<uint32_t> from_hex(std::string_view text) {
  if (text.size() != 7 || text[0] != '#')
    return std::nullopt;
  uint32_t value = 0;
  for (char ch : text.substr(1)) {
    int digit = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
    if (digit < 0)
      return std::nullopt;
    value = value * 16 + static_cast<uint32_t>(digit);
  }
  return value;
}

} // namespace colors::domain::colour
