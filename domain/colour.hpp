#pragma once
// Garment colours: an sRGB value, its CIE L*a*b* coordinates (D65) and the colour family a
// shopper filters by ("blue", "beige", ...). Pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace colors::domain::colour {

struct lab {
  double l = 0; // lightness 0..100
  double a = 0; // green (-) to red (+)
  double b = 0; // blue (-) to yellow (+)
};

inline constexpr std::string_view families[] = {"black", "white", "grey", "beige", "brown",
                                                "red", "orange", "yellow", "green", "blue",
                                                "purple", "pink"};

lab to_lab(uint32_t rgb);

// The family of an sRGB colour (one of `families`), from its HSV hue, saturation and value.
std::string_view family_of(uint32_t rgb);

// "#1f2a44" for 0x1f2a44.
std::string to_hex(uint32_t rgb);

// 0x1f2a44 for "#1f2a44" or "#1F2A44"; nothing for anything else.
std::optional<uint32_t> from_hex(std::string_view text);

} // namespace colors::domain::colour
