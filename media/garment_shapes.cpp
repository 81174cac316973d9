#include "media/garment_shapes.hpp"

#include "common/errc.hpp"

#include <cmath>
#include <numbers>
#include <string>

namespace colors::media {

namespace {

// Points on an elliptic arc from angle a0 to a1 (degrees; 0 is +x, 90 is +y, i.e. down).
polygon arc(point c, double rx, double ry, double a0, double a1, int steps = 8) {
  polygon out;
  for (int i = 0; i <= steps; ++i) {
    double a = (a0 + (a1 - a0) * i / steps) * std::numbers::pi / 180;
    out.push_back({c.x + rx * std::cos(a), c.y + ry * std::sin(a)});
  }
  return out;
}

point mirrored(point p) {
  return {1 - p.x, p.y};
}

// A garment symmetric about x = 0.5 from its right half, listed from the top centre to the
// bottom centre.
polygon symmetric(const polygon& right_half) {
  polygon out = right_half;
  for (auto it = right_half.rbegin() + 1; it + 1 != right_half.rend(); ++it)
    out.push_back(mirrored(*it));
  return out;
}

polygon then(polygon a, const polygon& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Detail lines: `centre` as given, each of `sided` on the right and mirrored on the left.
std::vector<segment> details(std::vector<segment> centre, const std::vector<segment>& sided) {
  for (const auto& s : sided) {
    centre.push_back(s);
    centre.push_back({mirrored(s.from), mirrored(s.to)});
  }
  return centre;
}

// Round neck from the centre front down at `depth` up to the shoulder at x = 0.5 + `half`.
polygon round_neck(double top, double half, double depth) {
  return arc({0.5, top}, half, depth, 90, 0);
}

garment_outline t_shirt() {
  garment_outline g;
  g.body = symmetric(
      then(round_neck(0.10, 0.10, 0.07),
           {{0.78, 0.15}, {0.96, 0.34}, {0.85, 0.42}, {0.75, 0.33}, {0.76, 0.89}, {0.5, 0.90}}));
  g.details = details({{{0.25, 0.86}, {0.75, 0.86}}}, {{{0.75, 0.33}, {0.79, 0.16}}});
  return g;
}

polygon long_sleeved(const polygon& neck) {
  return symmetric(then(
      neck, {{0.78, 0.14}, {0.97, 0.78}, {0.87, 0.81}, {0.75, 0.34}, {0.77, 0.90}, {0.5, 0.91}}));
}

garment_outline sweater() {
  garment_outline g;
  g.body = long_sleeved(round_neck(0.09, 0.09, 0.06));
  g.details = details({{{0.24, 0.86}, {0.76, 0.86}}},
                      {{{0.75, 0.34}, {0.79, 0.15}}, {{0.875, 0.76}, {0.965, 0.74}}});
  return g;
}

garment_outline jacket() {
  garment_outline g;
  g.body = long_sleeved({{0.5, 0.40}, {0.61, 0.09}});
  g.details = details({{{0.5, 0.40}, {0.5, 0.91}}}, {{{0.61, 0.09}, {0.58, 0.30}},
                                                     {{0.58, 0.30}, {0.5, 0.40}},
                                                     {{0.75, 0.34}, {0.79, 0.15}},
                                                     {{0.60, 0.66}, {0.70, 0.66}}});
  g.buttons = {{0.5, 0.50}, {0.5, 0.62}, {0.5, 0.74}};
  return g;
}

garment_outline dress() {
  garment_outline g;
  g.body = symmetric(then(round_neck(0.08, 0.10, 0.09),
                          {{0.66, 0.07}, {0.70, 0.28}, {0.64, 0.45}, {0.86, 0.93}, {0.5, 0.95}}));
  g.details = details({{{0.36, 0.45}, {0.64, 0.45}}}, {{{0.57, 0.46}, {0.62, 0.92}}});
  return g;
}

garment_outline skirt() {
  garment_outline g;
  g.body = symmetric({{0.5, 0.16}, {0.67, 0.16}, {0.86, 0.82}, {0.5, 0.84}});
  g.details = details({{{0.33, 0.22}, {0.67, 0.22}}}, {{{0.58, 0.23}, {0.64, 0.82}}});
  return g;
}

garment_outline legs(double hem) {
  garment_outline g;
  g.body =
      symmetric({{0.5, 0.06}, {0.72, 0.06}, {0.77, 0.40}, {0.76, hem}, {0.54, hem}, {0.5, 0.36}});
  g.details = details({{{0.28, 0.11}, {0.72, 0.11}}, {{0.5, 0.11}, {0.5, 0.30}}},
                      {{{0.62, 0.11}, {0.73, 0.22}}});
  g.buttons = {{0.5, 0.085}};
  return g;
}

// Scaled about the centre of the canvas, to leave a margin around the garment.
garment_outline with_margin(garment_outline g, double scale = 0.88) {
  auto move = [scale](point& p) { p = {0.5 + (p.x - 0.5) * scale, 0.5 + (p.y - 0.5) * scale}; };
  for (auto& p : g.body)
    move(p);
  for (auto& s : g.details) {
    move(s.from);
    move(s.to);
  }
  for (auto& p : g.buttons)
    move(p);
  return g;
}

garment_outline drawn(garment_kind kind) {
  switch (kind) {
    case garment_kind::t_shirt:
      return t_shirt();
    case garment_kind::sweater:
      return sweater();
    case garment_kind::jacket:
      return jacket();
    case garment_kind::dress:
      return dress();
    case garment_kind::skirt:
      return skirt();
    case garment_kind::trousers:
      return legs(0.95);
    case garment_kind::shorts:
      return legs(0.55);
  }
  return t_shirt();
}

} // namespace

const std::vector<garment_kind>& garment_kinds() {
  using enum garment_kind;
  static const std::vector<garment_kind> all{t_shirt, sweater,  jacket, dress,
                                             skirt,   trousers, shorts};
  return all;
}

std::string_view to_string(garment_kind k) {
  switch (k) {
    case garment_kind::t_shirt:
      return "t-shirt";
    case garment_kind::sweater:
      return "sweater";
    case garment_kind::jacket:
      return "jacket";
    case garment_kind::dress:
      return "dress";
    case garment_kind::skirt:
      return "skirt";
    case garment_kind::trousers:
      return "trousers";
    case garment_kind::shorts:
      return "shorts";
  }
  return "garment";
}

caf::expected<garment_kind> parse_garment_kind(std::string_view text) {
  for (auto k : garment_kinds())
    if (to_string(k) == text)
      return k;
  return make_error(errc::invalid_argument,
                    "unknown garment kind \"" + std::string{text}
                        + "\"; known: t-shirt, sweater, jacket, dress, skirt, trousers, shorts");
}

garment_outline outline_of(garment_kind kind) {
  return with_margin(drawn(kind));
}

} // namespace colors::media
