#pragma once
// The inside of catalog_index, shared by its writing half (catalog_index.cpp) and its reading
// half (catalog_search.cpp). Documents live at dense ordinals (a free list reuses the holes), so
// filters and facets read flat arrays; text goes to catalog_terms, categories to
// catalog_categories. Same thread-safety contract as catalog_index.
#include "projections/catalog_categories.hpp"
#include "projections/catalog_doc_sets.hpp"
#include "projections/catalog_index.hpp"
#include "projections/catalog_terms.hpp"
#include "projections/string_map.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace colors::projections {

// Strings to dense ordinals and back; grows only (the sets are small: brands, colours, sizes).
class interner {
public:
  uint32_t intern(std::string_view text);
  std::optional<uint32_t> find(std::string_view text) const;
  const std::string& text_of(uint32_t ordinal) const { return texts_[ordinal]; }
  size_t size() const { return texts_.size(); }

private:
  string_map<uint32_t> ordinals_;
  std::vector<std::string> texts_;
};

// In-stock sizes as bits, for size ordinals below size_bit_count (the common case: few sizes).
using size_mask = uint32_t;
inline constexpr uint32_t size_bit_count = 32;

// What filters and facets read of every matching document: one flat record per ordinal, half a
// cache line (a scan without text streams them; text matches read them scattered).
struct alignas(32) doc_attrs {
  int64_t price_minor = 0;
  uint32_t brand = 0;
  uint32_t category = 0;
  uint32_t colour_family = 0;
  uint32_t currency = 0;
  size_mask size_bits = 0;
  bool more_sizes = false; // in-stock size ordinals of size_bit_count and up (see doc_source)
  bool live = false;
  bool in_stock = false;
  bool try_on = false;
};

// What sorting reads, of the documents that pass every filter only.
struct doc_order {
  int64_t created_at = 0;
  int64_t popularity = 0;
};

// What re-indexing needs: the document itself and where its text went.
struct doc_source {
  catalog_doc doc;
  std::vector<uint32_t> term_ids;
  std::vector<uint32_t> sizes_in_stock; // size ordinals, distinct, sorted
};

struct catalog_store {
  std::vector<doc_attrs> attrs;    // by ordinal
  std::vector<doc_order> orders;   // by ordinal
  std::vector<doc_source> sources; // by ordinal
  std::vector<uint32_t> free_ordinals;
  string_map<uint32_t> ordinals; // product id -> ordinal
  catalog_terms terms;
  catalog_categories categories;
  interner brands, colour_families, sizes, currencies;
  catalog_doc_sets sets; // the same documents by filter value (catalog_doc_sets.hpp)
};

// Keeping `sets` in step (catalog_doc_sets.cpp): add after the document's attrs and in-stock
// sizes are in place, remove before they are cleared, rebuild the subtrees after the category
// tree changed.
void add_to_sets(catalog_store& store, uint32_t ordinal);
void remove_from_sets(catalog_store& store, uint32_t ordinal);
void rebuild_category_sets(catalog_store& store);

// Field weights of the relevance score.
inline constexpr uint8_t name_weight = 8;
inline constexpr uint8_t facet_field_weight = 4; // brand, category path, colour, tags
inline constexpr uint8_t description_weight = 1;

// The distinct terms of a document with the weight of the best field each occurs in.
std::vector<weighted_term> terms_of(const catalog_store& store, const catalog_doc& doc,
                                    uint32_t category);

[[nodiscard]] caf::expected<catalog_page> run_search(const catalog_store& store,
                                                     const catalog_query& query,
                                                     scan_method method);

} // namespace colors::projections
