#pragma once
// The text half of the catalog index: a sorted term dictionary (a prefix is a range of it) with
// one posting list per term, sorted by document ordinal. Not thread-safe for writes; const
// members may run concurrently.
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

// A document that matched, with its score so far.
struct scored_doc {
  uint32_t doc = 0;
  uint32_t score = 0;
};

class catalog_terms {
public:
  // Indexes `doc` under `terms` (distinct texts); returns the term ids to pass to `remove`.
  std::vector<uint32_t> add(uint32_t doc, const std::vector<weighted_term>& terms);

  void remove(uint32_t doc, const std::vector<uint32_t>& term_ids);

  // The documents holding `token` (and, with `as_prefix`, any term starting with it), sorted by
  // ordinal. Score: the field weight, doubled for a whole-term match; the best term counts.
  std::vector<scored_doc> match(std::string_view token, bool as_prefix) const;

  size_t term_count() const { return ids_.size(); }

private:
  struct posting {
    uint32_t doc;
    uint8_t weight;
  };
  uint32_t id_of(const std::string& text);
  void append_matches(uint32_t term, uint32_t factor, std::vector<scored_doc>& out) const;

  std::map<std::string, uint32_t, std::less<>> ids_;
  std::vector<std::vector<posting>> postings_; // by term id
  std::vector<std::string> texts_;             // by term id
  std::vector<uint32_t> free_ids_;
};

} // namespace colors::projections
