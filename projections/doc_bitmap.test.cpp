#include "projections/doc_bitmap.hpp"

#include <doctest/doctest.h>

#include <random>
#include <vector>

using namespace colors::projections;

namespace {

bitmap_words random_words(std::mt19937_64& rng, size_t n) {
  bitmap_words out(n);
  for (auto& w : out)
    w = rng() & rng(); // about a quarter of the bits
  return out;
}

int64_t naive_count_and(const bitmap_words& a, const bitmap_words& b) {
  int64_t n = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    for (int bit = 0; bit < 64; ++bit)
      n += (a[i] >> bit & 1) & (b[i] >> bit & 1);
  return n;
}

} // namespace

TEST_CASE("a doc_bitmap grows on set, and reset or test past its end is harmless") {
  doc_bitmap set;
  CHECK_FALSE(set.test(1000));
  set.reset(1000);
  set.set(130);
  set.set(0);
  CHECK(set.words().size() == 3);
  CHECK(set.test(130));
  CHECK(set.test(0));
  CHECK_FALSE(set.test(129));
  set.reset(130);
  CHECK_FALSE(set.test(130));
  std::vector<uint32_t> seen;
  for_each_set(set.words(), [&](uint32_t ordinal) { seen.push_back(ordinal); });
  CHECK(seen == std::vector<uint32_t>{0});
}

TEST_CASE("word loops agree with a bit-by-bit count, for every length and a shorter operand") {
  std::mt19937_64 rng{7};
  for (size_t n : {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 100}) { // around the 8-word vector steps
    auto a = random_words(rng, n);
    auto b = random_words(rng, n > 3 ? n - 3 : n);
    CHECK(count_and(a, b) == naive_count_and(a, b));
    CHECK(count_and(b, a) == naive_count_and(a, b));
    CHECK(count(a) == naive_count_and(a, a));
    auto anded = a;
    and_into(anded, b);
    CHECK(anded.size() == a.size());
    CHECK(count(anded) == naive_count_and(a, b));
    auto ored = a;
    or_into(ored, b);
    CHECK(count(ored) == count(a) + count(b) - naive_count_and(a, b));
    auto without = a;
    and_not_into(without, b);
    CHECK(count(without) == count(a) - naive_count_and(a, b));
    int64_t visited = 0;
    for_each_set(a, [&](uint32_t ordinal) { visited += test_bit(a, ordinal); });
    CHECK(visited == count(a));
  }
}
