#include "media/raster.hpp"

#include <algorithm>
#include <cmath>

namespace colors::media {

namespace {

// Where the polygon's edges cross the horizontal line y, sorted (even-odd pairs are inside).
std::vector<double> crossings(const polygon& shape, double y) {
  std::vector<double> xs;
  for (size_t i = 0; i < shape.size(); ++i) {
    const auto& a = shape[i];
    const auto& b = shape[(i + 1) % shape.size()];
    if ((a.y <= y && b.y > y) || (b.y <= y && a.y > y))
      xs.push_back(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
  }
  std::sort(xs.begin(), xs.end());
  return xs;
}

void fill_row(std::vector<uint8_t>& mask, int row, int width, const std::vector<double>& xs) {
  for (size_t i = 0; i + 1 < xs.size(); i += 2) {
    int from = std::clamp(int(std::lround(xs[i])), 0, width);
    int to = std::clamp(int(std::lround(xs[i + 1])), 0, width);
    std::fill(mask.begin() + row * width + from, mask.begin() + row * width + to, 255);
  }
}

bool patterned(fabric_pattern pattern, int x, int y) {
  switch (pattern) {
    case fabric_pattern::plain:
      return false;
    case fabric_pattern::stripes:
      return y % 48 < 16;
    case fabric_pattern::checks:
      return (x / 40 + y / 40) % 2 == 0;
    case fabric_pattern::dots: {
      int cx = (x + ((y / 44) % 2) * 22) % 44 - 22; // every other row shifted half a step
      int cy = y % 44 - 22;
      return cx * cx + cy * cy <= 64;
    }
  }
  return false;
}

} // namespace

std::vector<uint8_t> fill_mask(const polygon& shape, int width, int height) {
  polygon scaled;
  for (const auto& p : shape)
    scaled.push_back({p.x * width, p.y * height});
  std::vector<uint8_t> mask(size_t(width) * height, 0);
  for (int row = 0; row < height; ++row)
    fill_row(mask, row, width, crossings(scaled, row + 0.5));
  return mask;
}

std::vector<uint8_t> weave(fabric_pattern pattern, rgb base, rgb accent, int width, int height) {
  std::vector<uint8_t> out(size_t(width) * height * 3);
  size_t i = 0;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      auto c = patterned(pattern, x, y) ? accent : base;
      out[i++] = c.r;
      out[i++] = c.g;
      out[i++] = c.b;
    }
  return out;
}

} // namespace colors::media
