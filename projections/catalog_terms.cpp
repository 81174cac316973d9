#include "projections/catalog_terms.hpp"

#include <algorithm>

namespace colors::projections {

namespace {

bool by_doc(const scored_doc& a, const scored_doc& b) {
  return a.doc < b.doc;
}

// Sorts by document and keeps the best score of each.
void merge_best(std::vector<scored_doc>& docs) {
  std::sort(docs.begin(), docs.end(), by_doc);
  size_t out = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (out > 0 && docs[out - 1].doc == docs[i].doc)
      docs[out - 1].score = std::max(docs[out - 1].score, docs[i].score);
    else
      docs[out++] = docs[i];
  }
  docs.resize(out);
}

} // namespace

uint32_t catalog_terms::id_of(const std::string& text) {
  if (auto it = ids_.find(text); it != ids_.end())
    return it->second;
  uint32_t id = static_cast<uint32_t>(postings_.size());
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
    texts_[id] = text;
  } else {
    postings_.emplace_back();
    texts_.push_back(text);
  }
  ids_.emplace(text, id);
  return id;
}

std::vector<uint32_t> catalog_terms::add(uint32_t doc, const std::vector<weighted_term>& terms) {
  std::vector<uint32_t> ids;
  ids.reserve(terms.size());
  for (const auto& term : terms) {
    auto id = id_of(term.text);
    auto& list = postings_[id];
    posting entry{doc, term.weight};
    if (list.empty() || list.back().doc < doc)
      list.push_back(entry);
    else
      list.insert(
          std::lower_bound(list.begin(), list.end(), entry,
                           [](const posting& a, const posting& b) { return a.doc < b.doc; }),
          entry);
    ids.push_back(id);
  }
  return ids;
}

void catalog_terms::remove(uint32_t doc, const std::vector<uint32_t>& term_ids) {
  for (auto id : term_ids) {
    auto& list = postings_[id];
    auto it = std::lower_bound(list.begin(), list.end(), doc,
                               [](const posting& p, uint32_t d) { return p.doc < d; });
    if (it != list.end() && it->doc == doc)
      list.erase(it);
    if (!list.empty())
      continue;
    ids_.erase(texts_[id]);
    texts_[id].clear();
    list.shrink_to_fit();
    free_ids_.push_back(id);
  }
}

void catalog_terms::append_matches(uint32_t term, uint32_t factor,
                                   std::vector<scored_doc>& out) const {
  for (const auto& p : postings_[term])
    out.push_back({p.doc, p.weight * factor});
}

std::vector<scored_doc> catalog_terms::match(std::string_view token, bool as_prefix) const {
  std::vector<scored_doc> out;
  auto it = ids_.lower_bound(token);
  if (!as_prefix) {
    if (it != ids_.end() && it->first == token)
      append_matches(it->second, 2, out);
    return out;
  }
  size_t terms = 0;
  for (; it != ids_.end() && std::string_view{it->first}.starts_with(token); ++it, ++terms)
    append_matches(it->second, it->first.size() == token.size() ? 2 : 1, out);
  if (terms > 1)
    merge_best(out);
  return out;
}

} // namespace colors::projections
