// What text of a document is searchable, and how much each field weighs.
#include "projections/catalog_store.hpp"
#include "projections/text_fold.hpp"

#include <algorithm>

namespace colors::projections {

namespace {

void add_field(std::vector<weighted_term>& out, std::string_view text, uint8_t weight) {
  for (auto& token : fold_tokens(text))
    out.push_back({std::move(token), weight});
}

// One entry per text, with the best weight.
void keep_best_per_text(std::vector<weighted_term>& terms) {
  std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
    return a.text != b.text ? a.text < b.text : a.weight > b.weight;
  });
  terms.erase(std::unique(terms.begin(), terms.end(),
                          [](const auto& a, const auto& b) { return a.text == b.text; }),
              terms.end());
}

} // namespace

std::vector<weighted_term> terms_of(const catalog_store& store, const catalog_doc& doc,
                                    uint32_t category) {
  std::vector<weighted_term> terms;
  add_field(terms, doc.name, name_weight);
  add_field(terms, doc.brand_name, facet_field_weight);
  for (auto name : store.categories.path_names(category))
    add_field(terms, name, facet_field_weight);
  add_field(terms, doc.colour_name, facet_field_weight);
  add_field(terms, doc.colour_family, facet_field_weight);
  for (const auto& tag : doc.tags)
    add_field(terms, tag, facet_field_weight);
  add_field(terms, doc.description, description_weight);
  keep_best_per_text(terms);
  return terms;
}

} // namespace colors::projections
