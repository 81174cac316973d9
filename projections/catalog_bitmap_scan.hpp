#pragma once
// The two ways a search scans the documents that match its text, checking the filters and
// counting the facets. Both give the same result (the unit tests run every query both ways):
// - per document (catalog_search.cpp): reads each match's doc_attrs; its cost grows with the
//   number of matches;
// - per value (here): ANDs and popcounts of the catalog_doc_sets bitmaps, 64 documents a word;
//   its cost grows with the catalog's size times the number of filter values, whatever the
//   text matched.
// run_search picks the cheaper one from the two estimates below (docs/search.md).
#include "projections/catalog_query_plan.hpp"
#include "projections/catalog_text_match.hpp"

#include <vector>

namespace colors::projections {

struct scan_result {
  std::vector<scored_doc> passed; // matching the text and every filter, in no particular order
  catalog_facets facets;
};

// `matches`: the text's matches; null for a query without text (every live document).
scan_result bitmap_scan(const catalog_store& store, const query_plan& plan,
                        const text_matches* matches);

// The bitmap words bitmap_scan reads, about.
size_t bitmap_scan_words(const catalog_store& store, const query_plan& plan);

// How many bitmap words cost as much as checking one document: the per-document scan takes
// about 20 ns a match (scattered reads, branches), a word about 0.5 ns.
inline constexpr size_t words_per_document = 40;

} // namespace colors::projections
