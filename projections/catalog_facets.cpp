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

facet_counter::facet_counter(const catalog_store& store)
  : store_(store), brands_(store.brands.size()), categories_(store.categories.size() + 1),
    colours_(store.colour_families.size()), sizes_(store.sizes.size()) {}

catalog_facets facet_counter::finish() const {
  catalog_facets out;
  out.brands =
      nonzero_sorted(brands_, brands_.size(), [&](uint32_t i) { return store_.brands.text_of(i); });
  out.categories = nonzero_sorted(categories_, outside_slot(),
                                  [&](uint32_t i) { return store_.categories.id_of(i); });
  out.colour_families = nonzero_sorted(
      colours_, colours_.size(), [&](uint32_t i) { return store_.colour_families.text_of(i); });
  out.sizes =
      nonzero_sorted(sizes_, sizes_.size(), [&](uint32_t i) { return store_.sizes.text_of(i); });
  for (size_t i = 0; i < prices_.size(); ++i) {
    std::optional<int64_t> end;
    if (i + 1 < price_bucket_starts.size())
      end = price_bucket_starts[i + 1];
    out.price_buckets.push_back({price_bucket_starts[i], end, prices_[i]});
  }
  out.in_stock = in_stock_;
  return out;
}

} // namespace colors::projections
