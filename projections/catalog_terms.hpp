#pragma once
// The text half of the catalog index: a sorted term dictionary (a prefix is a range of it) with
// one posting list per term, sorted by document ordinal; a frequent term's postings are also
// kept as bitmaps (term_bitmaps). Not thread-safe for writes; const members may run
// concurrently.
#include "projections/doc_bitmap.hpp"
#include "projections/string_map.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace colors::projections {

// A term of a document with the weight of the best field it occurs in.
struct weighted_term {
  std::string text;
  uint8_t weight = 0;
};

// A document holding a term, with the weight of the best field it holds it in.
struct posting {
  uint32_t doc;
  uint8_t weight;
};

// A frequent term's postings again, as one bitmap of documents per weight (a document has one
// posting per term, so it is in exactly one of them): a search that matches the term reads it
// 64 documents at a time (catalog_bitmap_scan.cpp) instead of walking the list. A term gets
// them once its list holds at least `dense_min_postings` and a sixteenth of the documents
// indexed so far (then the bitmaps take less memory than the list), and keeps them until it
// has no posting left.
struct term_bitmaps {
  std::vector<std::pair<uint8_t, doc_bitmap>> by_weight;

  void set(uint32_t doc, uint8_t weight);
  void reset(uint32_t doc, uint8_t weight);
  uint8_t weight_of(uint32_t doc) const; // 0 when the term is not in the document
};

class catalog_terms {
public:
  static constexpr size_t dense_min_postings = 256;

  // Indexes `doc` under `terms` (distinct texts); returns the term ids to pass to `remove`.
  std::vector<uint32_t> add(uint32_t doc, const std::vector<weighted_term>& terms);

  void remove(uint32_t doc, const std::vector<uint32_t>& term_ids);

  // Calls visit(postings, exact) with the posting list (sorted by document) of `token` and,
  // with `as_prefix`, of every longer term starting with it (exact = false for those).
  template <class Visit>
  void for_each_match(std::string_view token, bool as_prefix, Visit visit) const {
    auto it = sorted_ids_.lower_bound(token);
    if (it != sorted_ids_.end() && it->first == token)
      visit(postings_[it++->second], true);
    for (; as_prefix && it != sorted_ids_.end() && it->first.starts_with(token); ++it)
      visit(postings_[it->second], false);
  }

  size_t term_count() const { return ids_.size(); }

  // The bitmaps of the term whose posting list is `list` (one for_each_match visited), or
  // null for a term that has none.
  const term_bitmaps* dense_of(const std::vector<posting>& list) const {
    return dense_[static_cast<size_t>(&list - postings_.data())].get();
  }

private:
  uint32_t id_of(const std::string& text);
  void index_dense(uint32_t id, const posting& entry);

  std::map<std::string, uint32_t, std::less<>> sorted_ids_; // prefixes are ranges
  string_map<uint32_t> ids_;                                // the same, for exact look-ups
  std::vector<std::vector<posting>> postings_;              // by term id
  std::vector<std::string> texts_;                          // by term id
  std::vector<uint32_t> free_ids_;
  std::vector<std::unique_ptr<term_bitmaps>> dense_; // by term id; null: not frequent (yet)
  uint32_t doc_end_ = 0;                              // above every document indexed so far
};

} // namespace colors::projections
