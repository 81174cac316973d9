#include "projections/catalog_terms.hpp"

#include <algorithm>

namespace colors::projections {

void term_bitmaps::set(uint32_t doc, uint8_t weight) {
  for (auto& [w, docs] : by_weight)
    if (w == weight)
      return docs.set(doc);
  by_weight.emplace_back(weight, doc_bitmap{});
  by_weight.back().second.set(doc);
}

void term_bitmaps::reset(uint32_t doc, uint8_t weight) {
  for (auto& [w, docs] : by_weight)
    if (w == weight)
      docs.reset(doc);
}

uint8_t term_bitmaps::weight_of(uint32_t doc) const {
  for (const auto& [w, docs] : by_weight)
    if (docs.test(doc))
      return w;
  return 0;
}

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
    dense_.emplace_back();
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
    index_dense(id, entry);
    ids.push_back(id);
  }
  return ids;
}

// Keeps the term's bitmaps in step with a new posting, or makes them when the term became
// frequent.
void catalog_terms::index_dense(uint32_t id, const posting& entry) {
  doc_end_ = std::max(doc_end_, entry.doc + 1);
  auto& dense = dense_[id];
  if (dense)
    return dense->set(entry.doc, entry.weight);
  const auto& list = postings_[id];
  if (list.size() < dense_min_postings || list.size() * 16 < doc_end_)
    return;
  dense = std::make_unique<term_bitmaps>();
  for (const auto& p : list)
    dense->set(p.doc, p.weight);
}

void catalog_terms::remove(uint32_t doc, const std::vector<uint32_t>& term_ids) {
  for (auto id : term_ids) {
    auto& list = postings_[id];
    auto it = std::lower_bound(list.begin(), list.end(), doc,
                               [](const posting& p, uint32_t d) { return p.doc < d; });
    if (it != list.end() && it->doc == doc) {
      if (dense_[id])
        dense_[id]->reset(doc, it->weight);
      list.erase(it);
    }
    if (!list.empty())
      continue;
    dense_[id].reset();
    ids_.erase(texts_[id]);
    sorted_ids_.erase(texts_[id]);
    texts_[id].clear();
    list.shrink_to_fit();
    free_ids_.push_back(id);
  }
}

} // namespace colors::projections
