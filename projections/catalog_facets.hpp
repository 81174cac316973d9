#pragma once
// Disjunctive facet counting in the one pass over the text matches: a document that fails no
// filter counts in every facet; one that fails exactly one filter counts only in that filter's
// facet (what selecting another value there would give); one that fails two counts nowhere.
// One counter per query; not shared.
#include "projections/catalog_store.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

namespace colors::projections {

// The filters, as bits of the set a document fails.
enum filter_bit : uint8_t {
  brand_filter = 1,
  category_filter = 2,
  colour_filter = 4,
  size_filter = 8,
  price_filter = 16,
  stock_filter = 32,
  try_on_filter = 64, // no facet of its own: a document failing it counts in none
};

// Lower bounds of the price buckets in minor units; each bucket ends where the next begins.
inline constexpr std::array<int64_t, 6> price_bucket_starts{0, 2500, 5000, 10000, 20000, 50000};

// Facet counts by ordinal (brand, category, colour family, size) before they are named and
// ordered. Both ways of scanning fill one: facet_counter per document, the bitmap scan
// (catalog_bitmap_scan.cpp) per value.
struct facet_counts {
  explicit facet_counts(const catalog_store& store);

  // The facets as the page shows them: values with a count > 0, most frequent first.
  catalog_facets finish(const catalog_store& store) const;

  // The last slot of categories: documents outside every facet node.
  uint32_t outside_slot() const { return static_cast<uint32_t>(categories.size() - 1); }

  std::vector<int64_t> brands, categories, colours, sizes;
  std::array<int64_t, price_bucket_starts.size()> prices{};
  int64_t in_stock = 0;
};

class facet_counter {
public:
  explicit facet_counter(const catalog_store& store) : store_(store), counts_(store) {}

  // `failed`: the filter bits the document fails; `facet_node`: its category's facet node
  // (catalog_categories::scope); `currency_ok`: of the query's currency, or the query has none.
  void count(uint32_t ordinal, uint8_t failed, uint32_t facet_node, bool currency_ok);

  catalog_facets finish() const { return counts_.finish(store_); }

private:
  void count_sizes(uint32_t ordinal);

  const catalog_store& store_;
  facet_counts counts_;
};

// Inline from here: run for every text match.

// Whether a document failing `failed` counts in the facet of `own`.
inline bool counts_in(uint8_t failed, filter_bit own) {
  return (failed & ~own) == 0;
}

inline size_t price_bucket_of(int64_t price) {
  auto it = std::upper_bound(price_bucket_starts.begin(), price_bucket_starts.end(), price);
  return it == price_bucket_starts.begin() ? 0 : (it - price_bucket_starts.begin()) - 1;
}

[[gnu::always_inline]] inline void facet_counter::count_sizes(uint32_t ordinal) {
  const auto& doc = store_.attrs[ordinal];
  for (auto bits = doc.size_bits; bits != 0; bits &= bits - 1)
    ++counts_.sizes[std::countr_zero(bits)];
  if (doc.more_sizes)
    for (auto size : store_.sources[ordinal].sizes_in_stock)
      if (size >= size_bit_count)
        ++counts_.sizes[size];
}

[[gnu::always_inline]] inline void facet_counter::count(uint32_t ordinal, uint8_t failed,
                                                        uint32_t facet_node, bool currency_ok) {
  if (failed & (failed - 1))
    return; // fails two filters or more: no facet counts it
  const auto& doc = store_.attrs[ordinal];
  if (counts_in(failed, brand_filter))
    ++counts_.brands[doc.brand];
  if (counts_in(failed, category_filter))
    ++counts_.categories[std::min(facet_node, counts_.outside_slot())];
  if (counts_in(failed, colour_filter))
    ++counts_.colours[doc.colour_family];
  if (counts_in(failed, size_filter))
    count_sizes(ordinal);
  if (counts_in(failed, price_filter) && currency_ok)
    ++counts_.prices[price_bucket_of(doc.price_minor)];
  if (counts_in(failed, stock_filter) && doc.in_stock)
    ++counts_.in_stock;
}

} // namespace colors::projections
