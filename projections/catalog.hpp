#pragma once
// The catalog read model: brands, categories, collections and products as the global log says
// they are now, with the search index over the published (ACTIVE) products. Fed in log order by
// a log feed (catalog_feed.hpp); persisted as records in the read-model family "catalog" with
// the projection checkpoint "catalog", so a restart resumes where it stopped and
// `colctl rebuild catalog` can replay it from the log.
//
// Thread-safety: `apply` and `load` from one thread (the feed); every read from any thread.
#include "projections/catalog_index.hpp"

#include "domain/catalog_entry.hpp"
#include "events/types.hpp"

#include <caf/expected.hpp>

#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace colors::projections {

// A stored record: key "p/<id>" (CatalogProductRecord), "brand/<id>", "category/<id>",
// "collection/<id>" (CatalogEntryState).
struct catalog_record {
  std::string key;
  std::string value;
};

class catalog {
public:
  using kind = domain::catalog_entry::kind;

  // Applies the events at or after `position()` (earlier ones, a restarted feed's overlap, are
  // skipped) and returns the records they changed. An event that does not decode is logged
  // and skipped (the log is verified elsewhere; a read model must not stop the shop).
  std::vector<catalog_record> apply(const std::vector<events::envelope>& batch);

  // Start-up: each stored record, then `finish_load` with the position after the checkpoint.
  [[nodiscard]] caf::error load(const std::string& key, const std::string& value);
  void finish_load(uint64_t next_seq);

  // The next global sequence expected.
  uint64_t position() const;

  // Every record, for a rebuild.
  std::vector<catalog_record> all_records() const;

  std::optional<events::ProductState> product(const std::string& id) const;
  std::vector<events::ProductState> products(const std::vector<std::string>& ids) const;
  // Calls visit(i, state) for each ids[i] that is a product, in order, under the read lock:
  // the states are read where they are, not copied. `visit` must not call back into the
  // catalog.
  void visit_products(const std::vector<std::string>& ids,
                      const std::function<void(size_t, const events::ProductState&)>& visit) const;
  std::optional<events::CatalogEntryState> entry(kind k, const std::string& id) const;
  // An existing entry's name only (no copy of the whole entry).
  std::optional<std::string> entry_name(kind k, const std::string& id) const;
  // Entries of a kind by name, at most `limit`.
  std::vector<events::CatalogEntryState> entries(kind k, size_t limit) const;
  // The children of category `parent_id` (roots for an empty one), by name.
  std::vector<events::CatalogEntryState> child_categories(const std::string& parent_id) const;
  [[nodiscard]] caf::expected<catalog_page> search(const catalog_query& q) const;
  size_t published() const;

private:
  struct product_entry {
    events::ProductState state;
    int64_t units_sold = 0;
  };
  using entries_by_id = std::unordered_map<std::string, events::CatalogEntryState>;

  void apply_one(const events::envelope& env, std::vector<catalog_record>& changed);
  void apply_product(const std::string& id, const events::envelope& env, std::vector<catalog_record>& changed);
  void apply_entry(kind k, const std::string& id, const events::envelope& env, std::vector<catalog_record>& changed);
  void reindex(const std::string& product_id);
  void index_entry(kind k, const events::CatalogEntryState& s);
  catalog_record product_record(const std::string& id) const;
  entries_by_id& entries_of(kind k);
  const entries_by_id& entries_of(kind k) const;
  // The entry if it exists (not deleted); the caller holds mutex_.
  const events::CatalogEntryState* existing_entry(kind k, const std::string& id) const;

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, product_entry> products_;
  entries_by_id brands_, categories_, collections_;
  catalog_index index_;
  uint64_t position_ = 1;
};

// The search document of a published product.
catalog_doc doc_of(const events::ProductState& s, const std::string& brand_name, int64_t units_sold);

} // namespace colors::projections
