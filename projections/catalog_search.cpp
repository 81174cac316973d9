// The reading half of catalog_index: the text's matches, then one scan of them (per document
// here, or per value in catalog_bitmap_scan.cpp) checking filters and counting facets, then the
// passing documents after the cursor; the page is the first `first` of those in sort order (a
// top-k selection).
#include "projections/catalog_bitmap_scan.hpp"
#include "projections/catalog_cursor.hpp"
#include "projections/catalog_facets.hpp"
#include "projections/catalog_query_plan.hpp"
#include "projections/catalog_store.hpp"
#include "projections/catalog_text_match.hpp"

#include <algorithm>

namespace colors::projections {

namespace {

constexpr size_t prefetch_distance = 16;

// Calls visit(ordinal, score) for every text match (`matches`), or for every live document
// without text (null).
template <class Visit>
void for_each_match(const catalog_store& store, const text_matches* matches, Visit visit) {
  if (matches) {
    for (size_t i = 0; i < matches->size(); ++i) {
      if (i + prefetch_distance < matches->size()) // scattered ordinals: hide the cache misses
        __builtin_prefetch(&store.attrs[matches->doc(i + prefetch_distance)]);
      auto match = matches->at(i);
      visit(match.doc, match.score);
    }
    return;
  }
  for (uint32_t ordinal = 0; ordinal < store.attrs.size(); ++ordinal)
    if (store.attrs[ordinal].live)
      visit(ordinal, 0);
}

// The per-document scan (catalog_bitmap_scan.hpp): each match's filters and facet counts.
scan_result document_scan(const catalog_store& store, const query_plan& plan,
                          const text_matches* matches) {
  facet_counter facets{store};
  scan_result out;
  for_each_match(store, matches, [&](uint32_t ordinal, uint32_t score)
                                     __attribute__((always_inline)) {
    const auto& doc = store.attrs[ordinal];
    auto failed = failed_filters(plan, store, ordinal);
    facets.count(ordinal, failed, plan.categories.facet_node[doc.category],
                 currency_ok(plan, doc));
    if (!failed)
      out.passed.push_back({ordinal, score});
  });
  out.facets = facets.finish();
  return out;
}

bool scan_by_bitmaps(scan_method method, const catalog_store& store, const query_plan& plan,
                     const text_matches* matches) {
  if (method != scan_method::automatic)
    return method == scan_method::bitmaps;
  auto documents = matches ? matches->size() : store.ordinals.size();
  return documents * words_per_document >= bitmap_scan_words(store, plan);
}

// An integer's place in an order as an unsigned number: smaller comes first.
uint64_t rank_of(int64_t value, bool ascending) {
  auto biased = static_cast<uint64_t>(value) ^ (uint64_t{1} << 63);
  return ascending ? biased : ~biased;
}

struct hit {
  uint32_t doc;
  int64_t primary;
  int64_t secondary;
  unsigned __int128 rank; // primary then secondary as one number: smaller comes first
};

hit make_hit(catalog_sort sort, uint32_t ordinal, int64_t primary, int64_t secondary) {
  auto rank = static_cast<unsigned __int128>(rank_of(primary, sort == catalog_sort::price_asc))
                  << 64
              | rank_of(secondary, false); // secondary keys are descending (catalog_cursor.cpp)
  return {ordinal, primary, secondary, rank};
}

hit hit_of(catalog_sort sort, const catalog_store& store, uint32_t ordinal, uint32_t score) {
  const auto& order = store.orders[ordinal];
  switch (sort) {
    case catalog_sort::relevance:
      return make_hit(sort, ordinal, score, order.created_at);
    case catalog_sort::price_asc:
    case catalog_sort::price_desc:
      return make_hit(sort, ordinal, store.attrs[ordinal].price_minor, 0);
    case catalog_sort::newest:
      return make_hit(sort, ordinal, order.created_at, 0);
    case catalog_sort::popularity:
      return make_hit(sort, ordinal, order.popularity, order.created_at);
  }
  return make_hit(sort, ordinal, 0, 0);
}

sort_key key_of(const catalog_store& store, const hit& h) {
  return {h.primary, h.secondary, store.sources[h.doc].doc.product_id};
}

// Whether `a` comes before the hit `b`. The product id decides only a tie of the integers, and
// only then is it read: it lives in the document's source, scattered in memory (a cache miss
// per read, which made most of a search's sorting time when every comparison read it).
bool key_before_hit(catalog_sort sort, const sort_key& a, const catalog_store& store,
                    const hit& b) {
  if (a.primary != b.primary || a.secondary != b.secondary)
    return comes_before(sort, a, {b.primary, b.secondary, {}});
  return comes_before(sort, a, key_of(store, b));
}

// The same order as comes_before (the unit tests check every sort against it), on the ranks.
bool hit_before(catalog_sort sort, const catalog_store& store, const hit& a, const hit& b) {
  if (a.rank != b.rank)
    return a.rank < b.rank;
  return comes_before(sort, key_of(store, a), key_of(store, b));
}

// The first `first` hits in sort order as edges, and whether more follow.
void fill_edges(const catalog_store& store, const catalog_query& query, std::vector<hit>& hits,
                catalog_page& page) {
  auto before = [&](const hit& a, const hit& b) { return hit_before(query.sort, store, a, b); };
  auto first = static_cast<size_t>(query.first);
  auto kept = hits.begin() + static_cast<std::ptrdiff_t>(std::min(first + 1, hits.size()));
  // Selection, then a sort of the few selected: about 2n comparisons whatever the order of
  // `hits` (a heap's partial sort does n log k when they come in rising order, as ordinals do).
  if (kept != hits.end())
    std::nth_element(hits.begin(), kept, hits.end(), before);
  std::sort(hits.begin(), kept, before);
  page.has_next_page = hits.size() > first;
  for (size_t i = 0; i < std::min(first, hits.size()); ++i) {
    auto key = key_of(store, hits[i]);
    page.edges.push_back({std::string{key.product_id}, encode_cursor(query.sort, key)});
  }
  if (!page.edges.empty())
    page.end_cursor = page.edges.back().cursor;
}

// The sort keys of the documents that passed every filter, those after the cursor only. A
// second pass, apart from the filtering one, so that the scattered reads of the sort fields
// (`orders`) can be prefetched a few documents ahead.
std::vector<hit> hits_after(const catalog_store& store, const catalog_query& query,
                            const std::vector<scored_doc>& passed,
                            const std::optional<cursor_key>& after) {
  constexpr size_t ahead = 8;
  std::vector<hit> hits;
  hits.reserve(passed.size());
  for (size_t i = 0; i < passed.size(); ++i) {
    if (i + ahead < passed.size())
      __builtin_prefetch(&store.orders[passed[i + ahead].doc]);
    auto h = hit_of(query.sort, store, passed[i].doc, passed[i].score);
    if (!after || key_before_hit(query.sort, after->view(), store, h))
      hits.push_back(h);
  }
  return hits;
}

caf::expected<std::optional<cursor_key>> after_of(const catalog_query& query) {
  if (query.after.empty())
    return std::optional<cursor_key>{};
  auto key = decode_cursor(query.after, query.sort);
  if (!key)
    return std::move(key.error());
  return std::optional<cursor_key>{std::move(*key)};
}

} // namespace

caf::expected<catalog_page> run_search(const catalog_store& store, const catalog_query& query,
                                       scan_method method) {
  auto plan = make_plan(store, query);
  if (!plan)
    return std::move(plan.error());
  auto after = after_of(query);
  if (!after)
    return std::move(after.error());
  std::optional<text_matches> text;
  if (!plan->tokens.empty())
    text = match_text(store.terms, plan->tokens, store.attrs.size());
  const auto* matches = text ? &*text : nullptr;
  auto scanned = scan_by_bitmaps(method, store, *plan, matches)
                     ? bitmap_scan(store, *plan, matches)
                     : document_scan(store, *plan, matches);
  catalog_page page;
  page.total_count = static_cast<int64_t>(scanned.passed.size());
  auto hits = hits_after(store, query, scanned.passed, *after);
  fill_edges(store, query, hits, page);
  page.facets = std::move(scanned.facets);
  return page;
}

} // namespace colors::projections
