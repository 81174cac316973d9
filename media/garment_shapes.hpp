#pragma once
// The flat-lay silhouettes of the demo garments, as polygons in unit coordinates (x from 0 at
// the left to 1 at the right, y from 0 at the top to 1 at the bottom), plus the detail lines
// (seams, hems, openings) drawn on top. Pure; thread-safe.
#include <caf/expected.hpp>

#include <string_view>
#include <vector>

namespace colors::media {

enum class garment_kind { t_shirt, sweater, jacket, dress, skirt, trousers, shorts };

// Every kind, in declaration order (for demo catalogs that cycle through them).
const std::vector<garment_kind>& garment_kinds();
std::string_view to_string(garment_kind k); // "t-shirt", "sweater", ...
[[nodiscard]] caf::expected<garment_kind> parse_garment_kind(std::string_view text);

struct point {
  double x = 0;
  double y = 0;
};
using polygon = std::vector<point>;

struct segment {
  point from;
  point to;
};

struct garment_outline {
  polygon body;                 // one closed, simple polygon
  std::vector<segment> details; // seams and openings
  std::vector<point> buttons;
};

garment_outline outline_of(garment_kind kind);

} // namespace colors::media
