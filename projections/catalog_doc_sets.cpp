// Keeping catalog_store::sets in step with the documents' attrs (catalog_doc_sets.hpp).
#include "projections/catalog_facets.hpp"
#include "projections/catalog_store.hpp"

namespace colors::projections {

namespace {

doc_bitmap& value_set(std::vector<doc_bitmap>& sets, uint32_t value) {
  if (value >= sets.size())
    sets.resize(value + 1);
  return sets[value];
}

// Sets (or clears) the document's bit in its category and every ancestor.
void mark_subtrees(catalog_store& store, uint32_t ordinal, bool in) {
  auto category = store.attrs[ordinal].category;
  for (size_t steps = 0; category != no_category && steps <= store.categories.size(); ++steps) {
    auto& set = value_set(store.sets.category_subtrees, category);
    in ? set.set(ordinal) : set.reset(ordinal);
    category = store.categories.parent_of(category);
  }
}

// Every set the live document at `ordinal` belongs to, marked (in) or cleared.
void mark(catalog_store& store, uint32_t ordinal, bool in) {
  const auto& doc = store.attrs[ordinal];
  auto& sets = store.sets;
  auto apply = [&](doc_bitmap& set) { in ? set.set(ordinal) : set.reset(ordinal); };
  apply(sets.live);
  apply(value_set(sets.brands, doc.brand));
  apply(value_set(sets.colour_families, doc.colour_family));
  apply(value_set(sets.currencies, doc.currency));
  apply(value_set(sets.price_buckets, static_cast<uint32_t>(price_bucket_of(doc.price_minor))));
  for (auto size : store.sources[ordinal].sizes_in_stock)
    apply(value_set(sets.sizes, size));
  if (doc.in_stock)
    apply(sets.in_stock);
  if (doc.try_on)
    apply(sets.try_on);
  mark_subtrees(store, ordinal, in);
}

} // namespace

void add_to_sets(catalog_store& store, uint32_t ordinal) {
  mark(store, ordinal, true);
}

void remove_from_sets(catalog_store& store, uint32_t ordinal) {
  mark(store, ordinal, false);
}

void rebuild_category_sets(catalog_store& store) {
  for (auto& set : store.sets.category_subtrees)
    set.clear();
  for (uint32_t ordinal = 0; ordinal < store.attrs.size(); ++ordinal)
    if (store.attrs[ordinal].live)
      mark_subtrees(store, ordinal, true);
}

} // namespace colors::projections
