#pragma once
// A catalog query checked against the limits and resolved to ordinals, so the scan over the
// documents only reads flat arrays. One plan per query; not shared.
#include "projections/catalog_categories.hpp"
#include "projections/catalog_facets.hpp"
#include "projections/catalog_store.hpp"

#include <caf/expected.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace colors::projections {

struct query_plan {
  std::vector<std::string> tokens;                  // folded; the last one also matches as a prefix
  std::vector<char> brands, colour_families, sizes; // wanted ordinals; empty = no filter
  size_mask size_bits = 0;                          // the wanted sizes below size_bit_count
  bool by_category = false;
  category_scope categories;
  bool by_price = false;
  int64_t price_min = INT64_MIN, price_max = INT64_MAX;
  std::optional<uint32_t> currency; // set when the query names one
  bool in_stock_only = false;
};

// invalid_argument for a query over the limits (catalog_limits) or with price_min > price_max.
[[nodiscard]] caf::expected<query_plan> make_plan(const catalog_store& store,
                                                  const catalog_query& query);

// The slow path of the size filter: sizes of ordinal size_bit_count and up.
bool has_wanted_size_beyond_bits(const query_plan& plan, const catalog_store& store,
                                 uint32_t ordinal);

// Inline from here: run for every text match.

// Whether the document is of the query's currency (always, without one).
inline bool currency_ok(const query_plan& plan, const doc_attrs& doc) {
  return !plan.currency || *plan.currency == doc.currency;
}

inline bool has_wanted_size(const query_plan& plan, const catalog_store& store, uint32_t ordinal) {
  const auto& doc = store.attrs[ordinal];
  return (doc.size_bits & plan.size_bits) != 0
         || (doc.more_sizes && has_wanted_size_beyond_bits(plan, store, ordinal));
}

// The filter bits (catalog_facets.hpp) the document at `ordinal` fails.
inline uint8_t failed_filters(const query_plan& plan, const catalog_store& store,
                              uint32_t ordinal) {
  const auto& doc = store.attrs[ordinal];
  uint8_t failed = 0;
  if (!plan.brands.empty() && !plan.brands[doc.brand])
    failed |= brand_filter;
  if (plan.by_category && !plan.categories.inside[doc.category])
    failed |= category_filter;
  if (!plan.colour_families.empty() && !plan.colour_families[doc.colour_family])
    failed |= colour_filter;
  if (!plan.sizes.empty() && !has_wanted_size(plan, store, ordinal))
    failed |= size_filter;
  bool price_ok = currency_ok(plan, doc) && doc.price_minor >= plan.price_min
                  && doc.price_minor <= plan.price_max;
  if (plan.by_price && !price_ok)
    failed |= price_filter;
  if (plan.in_stock_only && !doc.in_stock)
    failed |= stock_filter;
  return failed;
}

} // namespace colors::projections
