#pragma once
// A catalog query checked against the limits and resolved to ordinals, so the scan over the
// documents only reads flat arrays. One plan per query; not shared.
#include "projections/catalog_categories.hpp"
#include "projections/catalog_store.hpp"

#include <caf/expected.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace colors::projections {

struct query_plan {
  std::vector<std::string> tokens;                  // folded; the last one also matches as a prefix
  std::vector<char> brands, colour_families, sizes; // wanted ordinals; empty = no filter
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

// Whether the document is of the query's currency (always, without one).
bool currency_ok(const query_plan& plan, const doc_attrs& doc);

// The filter bits (catalog_facets.hpp) the document fails.
uint8_t failed_filters(const query_plan& plan, const doc_attrs& doc,
                       std::span<const uint32_t> sizes_in_stock);

} // namespace colors::projections
