#include "projections/doc_bitmap.hpp"

#include <algorithm>
#include <bit>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define COLORS_HAVE_AVX512_POPCOUNT 1
#endif

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

namespace {

COLORS_POPCOUNT_CLONES int64_t count_and_words(const uint64_t* a, const uint64_t* b, size_t n) {
  int64_t total = 0;
  for (size_t i = 0; i < n; ++i)
    total += std::popcount(a[i] & b[i]);
  return total;
}

#ifdef COLORS_HAVE_AVX512_POPCOUNT
// Eight words an instruction, on CPUs with AVX-512 VPOPCNTDQ (Ice Lake and later).
__attribute__((target("avx512f,avx512vpopcntdq,popcnt"))) int64_t
count_and_avx512(const uint64_t* a, const uint64_t* b, size_t n) {
  __m512i sums = _mm512_setzero_si512();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    auto both = _mm512_and_si512(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
    sums = _mm512_add_epi64(sums, _mm512_popcnt_epi64(both));
  }
  alignas(64) uint64_t lanes[8];
  _mm512_store_si512(lanes, sums);
  int64_t total = 0;
  for (auto lane : lanes)
    total += static_cast<int64_t>(lane);
  for (; i < n; ++i)
    total += __builtin_popcountll(a[i] & b[i]);
  return total;
}

const bool has_avx512_popcount = __builtin_cpu_supports("avx512f")
                                 && __builtin_cpu_supports("avx512vpopcntdq");
#endif

} // namespace

int64_t count_and(const bitmap_words& a, const bitmap_words& b) {
  auto common = std::min(a.size(), b.size());
#ifdef COLORS_HAVE_AVX512_POPCOUNT
  if (has_avx512_popcount)
    return count_and_avx512(a.data(), b.data(), common);
#endif
  return count_and_words(a.data(), b.data(), common);
}

COLORS_POPCOUNT_CLONES int64_t count(const bitmap_words& a) {
  int64_t n = 0;
  for (auto w : a)
    n += std::popcount(w);
  return n;
}

} // namespace colors::projections
