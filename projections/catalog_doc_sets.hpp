#pragma once
// The catalog index's documents as bitmaps per filter value, beside the flat doc_attrs: a search
// that matches many documents filters them and counts its facets 64 documents at a time
// (catalog_bitmap_scan.cpp). The writing half keeps them in step with doc_attrs on every upsert
// and remove (add_to_sets, remove_from_sets in catalog_store.hpp); the category subtrees are
// rebuilt whenever the tree changes.
#include "projections/doc_bitmap.hpp"

#include <vector>

namespace colors::projections {

struct catalog_doc_sets {
  doc_bitmap live, in_stock, try_on;
  // By ordinal of the store's interners; sizes count in-stock variants only.
  std::vector<doc_bitmap> brands, colour_families, sizes, currencies;
  std::vector<doc_bitmap> price_buckets;     // by bucket of the raw price (catalog_facets.hpp)
  std::vector<doc_bitmap> category_subtrees; // by category ordinal: the documents in it or below
};

} // namespace colors::projections
