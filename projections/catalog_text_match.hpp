#pragma once
// Matching the query's words against the term index: every word must match (AND), the last
// one also as a prefix. Words are taken smallest posting total first; the first one's postings
// make the candidates, each later word keeps the candidates it matches, reading a posting list
// whole or binary-searching it per candidate, whichever touches less. Per-document state lives
// in a per-thread scratch reused across queries (a generation stamp instead of clearing), so
// concurrent searches on different threads share nothing.
#include "projections/catalog_terms.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace colors::projections {

// A document that matched, with its score: per word, the best of its matching terms' field
// weight, doubled for a whole-term match; summed over the words.
struct scored_doc {
  uint32_t doc = 0;
  uint32_t score = 0;
};

// The documents (ordinals below `doc_capacity`) matching all `tokens`, in no particular order.
std::vector<scored_doc> match_text(const catalog_terms& terms,
                                   const std::vector<std::string>& tokens, size_t doc_capacity);

} // namespace colors::projections
