// The writing half of catalog_index: documents in and out, categories and brand names.
#include "projections/catalog_index.hpp"

#include "common/errc.hpp"
#include "projections/catalog_store.hpp"

#include <algorithm>

namespace colors::projections {

uint32_t interner::intern(std::string_view text) {
  if (auto found = find(text))
    return *found;
  auto ordinal = static_cast<uint32_t>(texts_.size());
  texts_.emplace_back(text);
  ordinals_.emplace(std::string{text}, ordinal);
  return ordinal;
}

std::optional<uint32_t> interner::find(std::string_view text) const {
  auto it = ordinals_.find(text);
  if (it == ordinals_.end())
    return std::nullopt;
  return it->second;
}

namespace {

std::vector<uint32_t> sizes_in_stock(catalog_store& store, const catalog_doc& doc) {
  std::vector<uint32_t> sizes;
  for (const auto& variant : doc.variants)
    if (variant.available > 0)
      sizes.push_back(store.sizes.intern(variant.size));
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

doc_attrs attrs_of(catalog_store& store, const catalog_doc& doc,
                   const std::vector<uint32_t>& sizes) {
  doc_attrs attrs;
  attrs.price_minor = doc.price_minor;
  attrs.brand = store.brands.intern(doc.brand_id);
  attrs.category = store.categories.intern(doc.category_id);
  attrs.colour_family = store.colour_families.intern(doc.colour_family);
  attrs.currency = store.currencies.intern(doc.currency);
  for (auto size : sizes) {
    if (size < size_bit_count)
      attrs.size_bits |= size_mask{1} << size;
    else
      attrs.more_sizes = true;
  }
  attrs.live = true;
  attrs.in_stock = !sizes.empty();
  attrs.try_on = doc.try_on_enabled;
  return attrs;
}

uint32_t take_ordinal(catalog_store& store) {
  if (store.free_ordinals.empty()) {
    store.attrs.emplace_back();
    store.orders.emplace_back();
    store.sources.emplace_back();
    return static_cast<uint32_t>(store.attrs.size() - 1);
  }
  auto ordinal = store.free_ordinals.back();
  store.free_ordinals.pop_back();
  return ordinal;
}

// Puts the text of the document at `ordinal` (already in its source) into the term index.
void index_text(catalog_store& store, uint32_t ordinal) {
  auto& source = store.sources[ordinal];
  auto terms = terms_of(store, source.doc, store.attrs[ordinal].category);
  source.term_ids = store.terms.add(ordinal, terms);
}

void unindex_text(catalog_store& store, uint32_t ordinal) {
  auto& source = store.sources[ordinal];
  store.terms.remove(ordinal, source.term_ids);
  source.term_ids.clear();
}

void reindex_text(catalog_store& store, uint32_t ordinal) {
  unindex_text(store, ordinal);
  index_text(store, ordinal);
}

} // namespace

catalog_index::catalog_index() : store_(std::make_unique<catalog_store>()) {}
catalog_index::~catalog_index() = default;
catalog_index::catalog_index(catalog_index&&) noexcept = default;
catalog_index& catalog_index::operator=(catalog_index&&) noexcept = default;

caf::error catalog_index::upsert(catalog_doc doc) {
  if (doc.product_id.empty())
    return make_error(errc::invalid_argument, "catalog document without a product id");
  remove(doc.product_id);
  auto& store = *store_;
  auto ordinal = take_ordinal(store);
  auto& source = store.sources[ordinal];
  source.sizes_in_stock = sizes_in_stock(store, doc);
  store.attrs[ordinal] = attrs_of(store, doc, source.sizes_in_stock);
  store.orders[ordinal] = doc_order{doc.created_at, doc.popularity};
  store.ordinals.emplace(doc.product_id, ordinal);
  source.doc = std::move(doc);
  index_text(store, ordinal);
  add_to_sets(store, ordinal);
  return caf::none;
}

bool catalog_index::remove(std::string_view product_id) {
  auto& store = *store_;
  auto it = store.ordinals.find(product_id);
  if (it == store.ordinals.end())
    return false;
  auto ordinal = it->second;
  store.ordinals.erase(it);
  remove_from_sets(store, ordinal);
  unindex_text(store, ordinal);
  store.attrs[ordinal] = doc_attrs{};
  store.orders[ordinal] = doc_order{};
  store.sources[ordinal] = doc_source{};
  store.free_ordinals.push_back(ordinal);
  return true;
}

caf::error catalog_index::set_category(std::string id, std::string parent_id, std::string name) {
  auto& store = *store_;
  auto changed = store.categories.set(id, parent_id, std::move(name));
  if (!changed)
    return std::move(changed.error());
  if (!*changed)
    return caf::none;
  rebuild_category_sets(store);
  auto scope = store.categories.scope(store.categories.find(id));
  for (uint32_t ordinal = 0; ordinal < store.attrs.size(); ++ordinal)
    if (store.attrs[ordinal].live && scope.inside[store.attrs[ordinal].category])
      reindex_text(store, ordinal);
  return caf::none;
}

void catalog_index::rename_brand(std::string_view brand_id, std::string name) {
  auto& store = *store_;
  auto brand = store.brands.find(brand_id);
  if (!brand)
    return;
  for (uint32_t ordinal = 0; ordinal < store.attrs.size(); ++ordinal) {
    if (!store.attrs[ordinal].live || store.attrs[ordinal].brand != *brand
        || store.sources[ordinal].doc.brand_name == name)
      continue;
    store.sources[ordinal].doc.brand_name = name;
    reindex_text(store, ordinal);
  }
}

size_t catalog_index::size() const {
  return store_->ordinals.size();
}

caf::expected<catalog_page> catalog_index::search(const catalog_query& query,
                                                  scan_method method) const {
  return run_search(*store_, query, method);
}

} // namespace colors::projections
