#include "projections/catalog_facets.hpp"

#include <algorithm>

namespace colors::projections {

namespace {

// Whether a document failing `failed` counts in the facet of `own`.
bool counts_in(uint8_t failed, filter_bit own) {
  return (failed & ~own) == 0;
}

size_t price_bucket_of(int64_t price) {
  auto it = std::upper_bound(price_bucket_starts.begin(), price_bucket_starts.end(), price);
  return it == price_bucket_starts.begin() ? 0 : (it - price_bucket_starts.begin()) - 1;
}

template <class Name>
std::vector<facet_count> nonzero_sorted(const std::vector<int64_t>& counts, Name name_of) {
  std::vector<facet_count> out;
  for (uint32_t i = 0; i < counts.size(); ++i)
    if (counts[i] > 0)
      out.push_back({name_of(i), counts[i]});
  std::sort(out.begin(), out.end(), [](const facet_count& a, const facet_count& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

} // namespace

facet_counter::facet_counter(const catalog_store& store)
  : store_(store), brands_(store.brands.size()), categories_(store.categories.size()),
    colours_(store.colour_families.size()), sizes_(store.sizes.size()) {}

void facet_counter::count(const doc_attrs& doc, std::span<const uint32_t> sizes_in_stock,
                          uint8_t failed, uint32_t facet_node, bool currency_ok) {
  if (failed & (failed - 1))
    return; // fails two filters or more: no facet counts it
  if (counts_in(failed, brand_filter))
    ++brands_[doc.brand];
  if (counts_in(failed, category_filter) && facet_node != no_category)
    ++categories_[facet_node];
  if (counts_in(failed, colour_filter))
    ++colours_[doc.colour_family];
  if (counts_in(failed, size_filter))
    for (auto size : sizes_in_stock)
      ++sizes_[size];
  if (counts_in(failed, price_filter) && currency_ok)
    ++prices_[price_bucket_of(doc.price_minor)];
  if (counts_in(failed, stock_filter) && doc.in_stock)
    ++in_stock_;
}

catalog_facets facet_counter::finish() const {
  catalog_facets out;
  out.brands = nonzero_sorted(brands_, [&](uint32_t i) { return store_.brands.text_of(i); });
  out.categories =
      nonzero_sorted(categories_, [&](uint32_t i) { return store_.categories.id_of(i); });
  out.colour_families =
      nonzero_sorted(colours_, [&](uint32_t i) { return store_.colour_families.text_of(i); });
  out.sizes = nonzero_sorted(sizes_, [&](uint32_t i) { return store_.sizes.text_of(i); });
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
