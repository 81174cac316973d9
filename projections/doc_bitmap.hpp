#pragma once
// A set of document ordinals, one bit per ordinal, 64 to a word: what the catalog index keeps
// per filter value (catalog_doc_sets.hpp) so that a search matching many documents filters and
// counts facets 64 documents at a time. Word loops over plain arrays are free functions below;
// they treat words past the end of the shorter operand as zero.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace colors::projections {

using bitmap_words = std::vector<uint64_t>;

inline size_t words_for(size_t ordinals) {
  return (ordinals + 63) / 64;
}

inline uint64_t bit_of(uint32_t ordinal) {
  return uint64_t{1} << (ordinal % 64);
}

inline bool test_bit(const bitmap_words& words, uint32_t ordinal) {
  return (words[ordinal / 64] & bit_of(ordinal)) != 0;
}

inline void set_bit(bitmap_words& words, uint32_t ordinal) {
  words[ordinal / 64] |= bit_of(ordinal);
}

// A bitmap that grows as ordinals are set; reading or clearing past its end is harmless.
class doc_bitmap {
public:
  void set(uint32_t ordinal) {
    if (ordinal / 64 >= words_.size())
      words_.resize(ordinal / 64 + 1, 0);
    set_bit(words_, ordinal);
  }
  void reset(uint32_t ordinal) {
    if (ordinal / 64 < words_.size())
      words_[ordinal / 64] &= ~bit_of(ordinal);
  }
  bool test(uint32_t ordinal) const {
    return ordinal / 64 < words_.size() && test_bit(words_, ordinal);
  }
  void clear() { words_.clear(); }
  const bitmap_words& words() const { return words_; }

private:
  bitmap_words words_;
};

// dst &= src (words of dst past src's end become 0).
void and_into(bitmap_words& dst, const bitmap_words& src);

// dst &= ~src.
void and_not_into(bitmap_words& dst, const bitmap_words& src);

// dst |= src (dst keeps its length).
void or_into(bitmap_words& dst, const bitmap_words& src);

// The number of bits set in both.
int64_t count_and(const bitmap_words& a, const bitmap_words& b);

// The number of bits set.
int64_t count(const bitmap_words& a);

// Calls visit(ordinal) for every bit set, in ordinal order.
template <class Visit>
void for_each_set(const bitmap_words& words, Visit visit) {
  for (size_t i = 0; i < words.size(); ++i)
    for (uint64_t w = words[i]; w != 0; w &= w - 1)
      visit(static_cast<uint32_t>(i * 64 + static_cast<unsigned>(__builtin_ctzll(w))));
}

} // namespace colors::projections
