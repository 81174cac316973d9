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

// A posting's score for a word: its field weight, doubled for a whole-term match.
inline uint32_t weight_score(uint8_t weight, bool exact) {
  return weight * (exact ? 2u : 1u);
}
inline uint32_t posting_score(const posting& p, bool exact) {
  return weight_score(p.weight, exact);
}

// The documents matching a query's text, with their scores: one term's posting list where it
// is (a one-word query matching one term, the common case: nothing copied), or the scored
// candidates of several lists. Refers to the index: valid while it does not change.
class text_matches {
public:
  text_matches() = default;
  text_matches(const std::vector<posting>& list, bool exact, const term_bitmaps* dense)
    : list_(&list), dense_(dense), exact_(exact) {}
  explicit text_matches(std::vector<scored_doc> docs) : docs_(std::move(docs)) {}

  size_t size() const { return list_ ? list_->size() : docs_.size(); }
  uint32_t doc(size_t i) const { return list_ ? (*list_)[i].doc : docs_[i].doc; }
  scored_doc at(size_t i) const {
    return list_ ? scored_doc{(*list_)[i].doc, posting_score((*list_)[i], exact_)} : docs_[i];
  }

  // The single term's bitmaps, when it is frequent enough to have them; then a match's score
  // is score_in_dense(doc).
  const term_bitmaps* dense() const { return dense_; }
  uint32_t score_in_dense(uint32_t doc) const { return weight_score(dense_->weight_of(doc), exact_); }

  // visit(ordinal, score) for each match, in ordinal order for a single list.
  template <class Visit>
  void for_each(Visit visit) const {
    if (list_) {
      for (const auto& p : *list_)
        visit(p.doc, posting_score(p, exact_));
      return;
    }
    for (const auto& d : docs_)
      visit(d.doc, d.score);
  }

private:
  const std::vector<posting>* list_ = nullptr;
  const term_bitmaps* dense_ = nullptr;
  bool exact_ = false;
  std::vector<scored_doc> docs_;
};

// The documents (ordinals below `doc_capacity`) matching all `tokens`, in no particular order.
text_matches match_text(const catalog_terms& terms, const std::vector<std::string>& tokens,
                        size_t doc_capacity);

} // namespace colors::projections
