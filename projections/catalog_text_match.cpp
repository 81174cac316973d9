#include "projections/catalog_text_match.hpp"

#include <algorithm>
#include <bit>
#include <optional>

namespace colors::projections {

namespace {

struct scratch {
  std::vector<uint32_t> stamp;     // == generation: a candidate of the running query
  std::vector<uint8_t> word_score; // the current word's best score per candidate; 0 = none
  uint32_t generation = 0;

  void start(size_t docs) {
    if (stamp.size() < docs) {
      stamp.resize(docs, 0);
      word_score.resize(docs, 0);
    }
    if (++generation == 0) { // wrapped: old stamps could look current
      std::fill(stamp.begin(), stamp.end(), 0);
      generation = 1;
    }
  }
  bool is_candidate(uint32_t doc) const { return stamp[doc] == generation; }
  void raise(uint32_t doc, uint32_t score) {
    word_score[doc] = static_cast<uint8_t>(std::max<uint32_t>(word_score[doc], score));
  }
};

thread_local scratch per_thread;


struct word {
  const std::string* text;
  bool as_prefix;
  size_t postings;
};

// The query's words, fewest postings first.
std::vector<word> words_of(const catalog_terms& terms, const std::vector<std::string>& tokens) {
  std::vector<word> words;
  for (size_t i = 0; i < tokens.size(); ++i) {
    word w{&tokens[i], i + 1 == tokens.size(), 0};
    terms.for_each_match(*w.text, w.as_prefix, [&](const std::vector<posting>& list, bool) {
      w.postings += list.size();
    });
    words.push_back(w);
  }
  std::stable_sort(words.begin(), words.end(),
                   [](const word& a, const word& b) { return a.postings < b.postings; });
  return words;
}

std::vector<scored_doc> first_candidates(const catalog_terms& terms, const word& w, scratch& s) {
  std::vector<scored_doc> candidates;
  terms.for_each_match(*w.text, w.as_prefix, [&](const std::vector<posting>& list, bool exact) {
    for (const auto& p : list) {
      if (!s.is_candidate(p.doc)) {
        s.stamp[p.doc] = s.generation;
        candidates.push_back({p.doc, 0});
      }
      s.raise(p.doc, posting_score(p, exact));
    }
  });
  return candidates;
}

// Marks the candidates found in `list`, by scanning it or by a binary search per candidate.
void mark_in_list(const std::vector<posting>& list, bool exact,
                  const std::vector<scored_doc>& candidates, scratch& s) {
  auto probe_cost = candidates.size() * std::bit_width(list.size());
  if (probe_cost >= list.size()) {
    for (const auto& p : list)
      if (s.is_candidate(p.doc))
        s.raise(p.doc, posting_score(p, exact));
    return;
  }
  for (const auto& c : candidates) {
    auto it = std::lower_bound(list.begin(), list.end(), c.doc,
                               [](const posting& p, uint32_t doc) { return p.doc < doc; });
    if (it != list.end() && it->doc == c.doc)
      s.raise(c.doc, posting_score(*it, exact));
  }
}

// Adds each candidate's word score and drops those the word did not match.
void keep_matched(std::vector<scored_doc>& candidates, scratch& s) {
  size_t kept = 0;
  for (auto c : candidates) {
    auto score = s.word_score[c.doc];
    s.word_score[c.doc] = 0;
    if (score == 0) {
      s.stamp[c.doc] = 0;
      continue;
    }
    c.score += score;
    candidates[kept++] = c;
  }
  candidates.resize(kept);
}

// One word matching one term: its postings are the matches, already distinct, no scratch needed.
std::optional<text_matches> single_list_matches(const catalog_terms& terms, const word& w) {
  const std::vector<posting>* only = nullptr;
  bool exact = false;
  size_t lists = 0;
  terms.for_each_match(*w.text, w.as_prefix, [&](const std::vector<posting>& list, bool e) {
    only = &list;
    exact = e;
    ++lists;
  });
  if (lists != 1)
    return std::nullopt;
  return text_matches{*only, exact, terms.dense_of(*only)};
}

} // namespace

text_matches match_text(const catalog_terms& terms, const std::vector<std::string>& tokens,
                        size_t doc_capacity) {
  auto words = words_of(terms, tokens);
  if (words.empty() || words.front().postings == 0)
    return {};
  if (words.size() == 1)
    if (auto matches = single_list_matches(terms, words.front()))
      return *matches;
  auto& s = per_thread;
  s.start(doc_capacity);
  auto candidates = first_candidates(terms, words.front(), s);
  keep_matched(candidates, s);
  for (size_t i = 1; i < words.size() && !candidates.empty(); ++i) {
    terms.for_each_match(*words[i].text, words[i].as_prefix,
                         [&](const std::vector<posting>& list, bool exact) {
                           mark_in_list(list, exact, candidates, s);
                         });
    keep_matched(candidates, s);
  }
  return text_matches{std::move(candidates)};
}

} // namespace colors::projections
