#pragma once
// The in-memory catalog search index: full-text search over active products with filters,
// disjunctive facets, five sort orders and keyset (Relay) pagination. A pure data structure:
// a projection feeds it from the event log, the GraphQL `search` resolver reads it.
// docs/search.md describes folding, ranking, facets, the cursor format and the limits.
//
// Thread safety: none inside. `search` is const and touches no shared mutable state, so any
// number of searches may run at once, but never together with a mutation (upsert, remove,
// set_category, rename_brand); the owner (one actor) serialises them.
#include <caf/error.hpp>
#include <caf/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colors::projections {

struct catalog_variant {
  std::string size;
  std::string colour;
  int64_t available = 0; // units in stock; only > 0 counts for the size filter and facet
};

// One active product, as the caller assembles it.
struct catalog_doc {
  std::string product_id; // UUID text; the identity (upsert replaces by it)
  std::string name, description;
  std::string brand_id, brand_name;
  std::string category_id;       // leaf or inner node of the category tree
  std::string colour_name;       // "Navy blue"
  std::string colour_family;     // "blue" (a fixed small set; compared exactly)
  std::vector<std::string> tags; // style tags and attributes (material, pattern)
  int64_t price_minor = 0;
  std::string currency;   // ISO 4217, compared exactly
  int64_t created_at = 0; // unix millis
  int64_t popularity = 0; // higher = more popular
  bool try_on_enabled = false; // has a garment image for virtual try-on
  std::vector<catalog_variant> variants;
};

enum class catalog_sort : uint8_t {
  relevance,  // score desc, then newest, then product id
  price_asc,  // price_minor asc, then product id
  price_desc, // price_minor desc, then product id
  newest,     // created_at desc, then product id
  popularity, // popularity desc, then newest, then product id
};

struct catalog_query {
  std::string text;                   // empty, or no letters/digits at all: every product matches
  std::vector<std::string> brand_ids; // any of; empty = no filter
  std::string category_id;            // the whole subtree; empty = no filter
  std::vector<std::string> colour_families; // any of
  std::vector<std::string> sizes;           // any of, counting in-stock variants only
  std::optional<int64_t> price_min;         // inclusive, minor units
  std::optional<int64_t> price_max;         // inclusive, minor units
  std::string currency; // when set, products of other currencies fail the price filter
  bool in_stock_only = false;
  std::optional<bool> try_on_enabled; // only products that can (true) or cannot (false) be tried on
  catalog_sort sort = catalog_sort::relevance;
  int first = 20;    // page size, 0..max_first
  std::string after; // a cursor from an earlier page of the same sort; empty = from the start
};

struct catalog_limits {
  static constexpr size_t max_text_chars = 200; // code points of catalog_query::text
  static constexpr size_t max_tokens = 10;
  static constexpr int max_first = 100;
  static constexpr size_t max_filter_values = 100; // per list filter
  static constexpr size_t max_cursor_chars = 512;
};

struct catalog_edge {
  std::string product_id;
  std::string cursor; // opaque; pass as `after` to continue after this product
};

struct facet_count {
  std::string value; // brand id, category id, colour family or size
  int64_t count = 0;
};

// A fixed price range [min, max) in minor units; max absent for the last bucket.
struct price_bucket_count {
  int64_t min = 0;
  std::optional<int64_t> max;
  int64_t count = 0;
};

// Disjunctive counts: each facet applies every filter of the query except its own. Value lists
// hold the values with a count > 0, most frequent first, then by value.
struct catalog_facets {
  std::vector<facet_count> brands;
  std::vector<facet_count> categories; // children of the query's category (roots without one),
                                       // each counting its whole subtree
  std::vector<facet_count> colour_families;
  std::vector<facet_count> sizes;                // in-stock variants
  std::vector<price_bucket_count> price_buckets; // all buckets, in price order; only products
                                                 // of the query's currency when it has one
  int64_t in_stock = 0;                          // products with a variant in stock
};

struct catalog_page {
  std::vector<catalog_edge> edges;
  bool has_next_page = false;
  std::string end_cursor;  // the last edge's cursor; empty without edges
  int64_t total_count = 0; // products matching text and all filters (every page)
  catalog_facets facets;
};

// How a search checks filters and counts facets over the documents its text matches: one
// document at a time, or 64 at a time on per-value bitmaps (docs/search.md). `automatic` picks
// the cheaper for each query; the others force one way (the tests compare them).
enum class scan_method : uint8_t { automatic, per_document, bitmaps };

struct catalog_store; // the inside, in catalog_store.hpp

class catalog_index {
public:
  catalog_index();
  ~catalog_index();
  catalog_index(catalog_index&&) noexcept; // a moved-from index may only be assigned or destroyed
  catalog_index& operator=(catalog_index&&) noexcept;

  // Adds the product or replaces the one with the same id (its old text no longer matches).
  // invalid_argument for an empty product id.
  [[nodiscard]] caf::error upsert(catalog_doc doc);

  // Removes the product; false when it was not there.
  bool remove(std::string_view product_id);

  // Adds or changes a category (empty parent_id = a root). Its name, and its ancestors' names,
  // are searchable text of the products in it; the products of its subtree are re-indexed when
  // the name or parent changes. invalid_argument for an empty id or a parent that would make a
  // cycle (nothing changes then). A product may name a category not set yet: it is a root
  // without a name until set.
  [[nodiscard]] caf::error set_category(std::string id, std::string parent_id, std::string name);

  // Changes the brand name of every product of that brand (and its searchable text).
  void rename_brand(std::string_view brand_id, std::string name);

  // The number of products.
  size_t size() const;

  // One page of results. invalid_argument for: text over the limits, first outside
  // 0..max_first, a malformed cursor or one of another sort order, price_min > price_max, a
  // list filter over max_filter_values.
  [[nodiscard]] caf::expected<catalog_page>
  search(const catalog_query& query, scan_method method = scan_method::automatic) const;

private:
  std::unique_ptr<catalog_store> store_;
};

} // namespace colors::projections
