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
  std::vector<char> brands, colour_families, sizes; // wanted ordinals (all without a filter)
  bool by_brand = false, by_colour = false;
  bool by_size = false;
  size_mask size_bits = 0; // the wanted sizes below size_bit_count
  bool by_category = false;
  category_scope categories; // every category inside without a category filter
  std::optional<uint32_t> category; // the selected one, with by_category (absent: unknown id)
  // Without a price filter: no currency and the bounds at the int64 limits.
  int64_t price_min = INT64_MIN, price_max = INT64_MAX;
  std::optional<uint32_t> currency; // set when the query names one
  bool by_price = false;             // a currency or a bound
  bool in_stock_only = false;
  bool by_try_on = false;
  bool try_on = false; // wanted, with by_try_on
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

// The bit when `fails`, else 0; without a branch (filter outcomes are unpredictable).
inline uint8_t bit_if(bool fails, filter_bit bit) {
  return static_cast<uint8_t>(fails * bit);
}

// The filter bits (catalog_facets.hpp) the document at `ordinal` fails. Every check reads a
// table that accepts everything when its filter is off (see query_plan).
inline uint8_t failed_filters(const query_plan& plan, const catalog_store& store,
                              uint32_t ordinal) {
  const auto& doc = store.attrs[ordinal];
  bool price_ok = currency_ok(plan, doc) & (doc.price_minor >= plan.price_min)
                  & (doc.price_minor <= plan.price_max);
  return bit_if(!plan.brands[doc.brand], brand_filter)
         | bit_if(!plan.categories.inside[doc.category], category_filter)
         | bit_if(!plan.colour_families[doc.colour_family], colour_filter)
         | bit_if(plan.by_size && !has_wanted_size(plan, store, ordinal), size_filter)
         | bit_if(!price_ok, price_filter)
         | bit_if(plan.in_stock_only & !doc.in_stock, stock_filter)
         | bit_if(plan.by_try_on & (doc.try_on != plan.try_on), try_on_filter);
}

} // namespace colors::projections
