#pragma once
// The text half of the catalog index: a sorted term dictionary (a prefix is a range of it) with
// one posting list per term, sorted by document ordinal. Not thread-safe for writes; const
// members may run concurrently.
#include "projections/string_map.hpp"

#include <cstdint>
#include <map>
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

class catalog_terms {
public:
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

private:
  uint32_t id_of(const std::string& text);

  std::map<std::string, uint32_t, std::less<>> sorted_ids_; // prefixes are ranges
  string_map<uint32_t> ids_;                                // the same, for exact look-ups
  std::vector<std::vector<posting>> postings_;              // by term id
  std::vector<std::string> texts_;                          // by term id
  std::vector<uint32_t> free_ids_;
};

} // namespace colors::projections
