#pragma once
// Disjunctive facet counting in the one pass over the text matches: a document that fails no
// filter counts in every facet; one that fails exactly one filter counts only in that filter's
// facet (what selecting another value there would give); one that fails two counts nowhere.
// One counter per query; not shared.
#include "projections/catalog_store.hpp"

#include <array>
#include <cstdint>
#include <span>
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
};

// Lower bounds of the price buckets in minor units; each bucket ends where the next begins.
inline constexpr std::array<int64_t, 6> price_bucket_starts{0, 2500, 5000, 10000, 20000, 50000};

class facet_counter {
public:
  explicit facet_counter(const catalog_store& store);

  // `failed`: the filter bits the document fails; `facet_node`: its category's facet node
  // (catalog_categories::scope); `currency_ok`: of the query's currency, or the query has none.
  void count(const doc_attrs& doc, std::span<const uint32_t> sizes_in_stock, uint8_t failed,
             uint32_t facet_node, bool currency_ok);

  catalog_facets finish() const;

private:
  const catalog_store& store_;
  std::vector<int64_t> brands_, categories_, colours_, sizes_;
  std::array<int64_t, price_bucket_starts.size()> prices_{};
  int64_t in_stock_ = 0;
};

} // namespace colors::projections
