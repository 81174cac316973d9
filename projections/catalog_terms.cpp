#include "projections/catalog_terms.hpp"

#include <algorithm>

namespace colors::projections {

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
  sorted_ids_.emplace(text, id);
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
    sorted_ids_.erase(texts_[id]);
    texts_[id].clear();
    list.shrink_to_fit();
    free_ids_.push_back(id);
  }
}

} // namespace colors::projections
