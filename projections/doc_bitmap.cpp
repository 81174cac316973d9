#include "projections/doc_bitmap.hpp"

#include <algorithm>
#include <bit>

// The counting loops are compiled twice on x86-64, with and without the POPCNT instruction, and
// the loader picks the one the CPU has (GCC function multi-versioning). Without it a popcount is
// a call into libgcc, several times slower.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define COLORS_POPCOUNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define COLORS_POPCOUNT_CLONES
#endif

namespace colors::projections {

void and_into(bitmap_words& dst, const bitmap_words& src) {
  auto common = std::min(dst.size(), src.size());
  for (size_t i = 0; i < common; ++i)
    dst[i] &= src[i];
  std::fill(dst.begin() + static_cast<std::ptrdiff_t>(common), dst.end(), 0);
}

void and_not_into(bitmap_words& dst, const bitmap_words& src) {
  auto common = std::min(dst.size(), src.size());
  for (size_t i = 0; i < common; ++i)
    dst[i] &= ~src[i];
}

void or_into(bitmap_words& dst, const bitmap_words& src) {
  auto common = std::min(dst.size(), src.size());
  for (size_t i = 0; i < common; ++i)
    dst[i] |= src[i];
}

COLORS_POPCOUNT_CLONES int64_t count_and(const bitmap_words& a, const bitmap_words& b) {
  auto common = std::min(a.size(), b.size());
  int64_t n = 0;
  for (size_t i = 0; i < common; ++i)
    n += std::popcount(a[i] & b[i]);
  return n;
}

COLORS_POPCOUNT_CLONES int64_t count(const bitmap_words& a) {
  int64_t n = 0;
  for (auto w : a)
    n += std::popcount(w);
  return n;
}

} // namespace colors::projections
