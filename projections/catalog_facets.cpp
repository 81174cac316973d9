#include "projections/catalog_facets.hpp"

#include <algorithm>

namespace colors::projections {

namespace {

// The values among the first `n` of `counts` with a count > 0, most frequent first.
template <class Name>
std::vector<facet_count> nonzero_sorted(const std::vector<int64_t>& counts, size_t n,
                                        Name name_of) {
  std::vector<facet_count> out;
  for (uint32_t i = 0; i < n; ++i)
    if (counts[i] > 0)
      out.push_back({name_of(i), counts[i]});
  std::sort(out.begin(), out.end(), [](const facet_count& a, const facet_count& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

} // namespace

facet_counts::facet_counts(const catalog_store& store)
  : brands(store.brands.size()), categories(store.categories.size() + 1),
    colours(store.colour_families.size()), sizes(store.sizes.size()) {}

catalog_facets facet_counts::finish(const catalog_store& store) const {
  catalog_facets out;
  out.brands =
      nonzero_sorted(brands, brands.size(), [&](uint32_t i) { return store.brands.text_of(i); });
  out.categories = nonzero_sorted(categories, outside_slot(),
                                  [&](uint32_t i) { return store.categories.id_of(i); });
  out.colour_families = nonzero_sorted(
      colours, colours.size(), [&](uint32_t i) { return store.colour_families.text_of(i); });
  out.sizes =
      nonzero_sorted(sizes, sizes.size(), [&](uint32_t i) { return store.sizes.text_of(i); });
  for (size_t i = 0; i < prices.size(); ++i) {
    std::optional<int64_t> end;
    if (i + 1 < price_bucket_starts.size())
      end = price_bucket_starts[i + 1];
    out.price_buckets.push_back({price_bucket_starts[i], end, prices[i]});
  }
  out.in_stock = in_stock;
  return out;
}

} // namespace colors::projections
