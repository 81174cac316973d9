// The per-value scan of a search (catalog_bitmap_scan.hpp): every filter becomes a bitmap of the
// documents it lets through, a facet counts, per value, the documents that pass every filter
// but its own and hold that value.
#include "projections/catalog_bitmap_scan.hpp"

#include <array>
#include <optional>

namespace colors::projections {

namespace {

// The filters that have a facet, as indexes of filter_masks.
enum facet_filter : size_t { brand, category, colour, size, price, stock, facet_filter_count };

struct filter_masks {
  bitmap_words base; // the text's matches that pass the filters without a facet (try-on)
  std::array<std::optional<bitmap_words>, facet_filter_count> own; // absent: filter off
};

bitmap_words bitmap_of_matches(const catalog_store& store, const text_matches* matches) {
  bitmap_words out(words_for(store.attrs.size()), 0);
  if (!matches) {
    or_into(out, store.sets.live.words());
    return out;
  }
  if (const auto* dense = matches->dense()) {
    for (const auto& [weight, docs] : dense->by_weight)
      or_into(out, docs.words());
    return out;
  }
  // Bits gathered in a register while the matches stay in one word (they mostly come in
  // ordinal order), instead of a read-modify-write of memory per match.
  size_t word = 0;
  uint64_t bits = 0;
  matches->for_each([&](uint32_t doc, uint32_t) {
    if (doc / 64 != word) {
      out[word] |= bits;
      word = doc / 64;
      bits = 0;
    }
    bits |= uint64_t{1} << (doc % 64);
  });
  if (!out.empty())
    out[word] |= bits;
  return out;
}

// The documents holding any wanted value.
bitmap_words any_of(size_t words, const std::vector<doc_bitmap>& sets,
                    const std::vector<char>& wanted) {
  bitmap_words out(words, 0);
  for (size_t value = 0; value < sets.size() && value < wanted.size(); ++value)
    if (wanted[value])
      or_into(out, sets[value].words());
  return out;
}

// The price filter has no set per value (its bounds are the query's): checked per document,
// over the text's matches only.
bitmap_words price_passing(const catalog_store& store, const query_plan& plan,
                           const bitmap_words& candidates) {
  bitmap_words out(candidates.size(), 0);
  for_each_set(candidates, [&](uint32_t ordinal) {
    const auto& doc = store.attrs[ordinal];
    if (currency_ok(plan, doc) && doc.price_minor >= plan.price_min
        && doc.price_minor <= plan.price_max)
      set_bit(out, ordinal);
  });
  return out;
}

bitmap_words category_passing(const catalog_store& store, const query_plan& plan, size_t words) {
  bitmap_words out(words, 0);
  if (plan.category && *plan.category < store.sets.category_subtrees.size())
    or_into(out, store.sets.category_subtrees[*plan.category].words());
  return out;
}

filter_masks masks_of(const catalog_store& store, const query_plan& plan,
                      const text_matches* matches) {
  const auto& sets = store.sets;
  filter_masks m;
  m.base = bitmap_of_matches(store, matches);
  auto words = m.base.size();
  if (plan.by_try_on)
    plan.try_on ? and_into(m.base, sets.try_on.words()) : and_not_into(m.base, sets.try_on.words());
  if (plan.by_brand)
    m.own[brand] = any_of(words, sets.brands, plan.brands);
  if (plan.by_category)
    m.own[category] = category_passing(store, plan, words);
  if (plan.by_colour)
    m.own[colour] = any_of(words, sets.colour_families, plan.colour_families);
  if (plan.by_size)
    m.own[size] = any_of(words, sets.sizes, plan.sizes);
  if (plan.by_price)
    m.own[price] = price_passing(store, plan, m.base);
  if (plan.in_stock_only)
    m.own[stock] = sets.in_stock.words();
  return m;
}

// The documents passing every filter but `skipped` (facet_filter_count: every filter).
bitmap_words passing_all_but(const filter_masks& m, size_t skipped) {
  auto out = m.base;
  for (size_t f = 0; f < facet_filter_count; ++f)
    if (f != skipped && m.own[f])
      and_into(out, *m.own[f]);
  return out;
}

void count_each(const bitmap_words& in, const std::vector<doc_bitmap>& sets,
                std::vector<int64_t>& counts) {
  for (size_t value = 0; value < sets.size() && value < counts.size(); ++value)
    counts[value] = count_and(in, sets[value].words());
}

// The facet nodes (the children of the selected category, or the roots without one) are the
// categories that are their own facet node in the plan's scope.
bool is_facet_node(const query_plan& plan, uint32_t category) {
  return plan.categories.facet_node[category] == category;
}

void count_categories(const catalog_store& store, const query_plan& plan, const bitmap_words& in,
                      facet_counts& counts) {
  const auto& subtrees = store.sets.category_subtrees;
  for (uint32_t c = 0; c < store.categories.size() && c < subtrees.size(); ++c)
    if (is_facet_node(plan, c))
      counts.categories[c] = count_and(in, subtrees[c].words());
}

void count_prices(const catalog_store& store, const query_plan& plan, bitmap_words in,
                  facet_counts& counts) {
  const auto& sets = store.sets;
  if (plan.currency) // only the query's currency is bucketed; an unknown one has no products
    and_into(in, *plan.currency < sets.currencies.size() ? sets.currencies[*plan.currency].words()
                                                          : bitmap_words{});
  for (size_t b = 0; b < counts.prices.size() && b < sets.price_buckets.size(); ++b)
    counts.prices[b] = count_and(in, sets.price_buckets[b].words());
}

catalog_facets count_facets(const catalog_store& store, const query_plan& plan,
                            const filter_masks& m, const bitmap_words& passing) {
  auto others = [&](facet_filter f) { return m.own[f] ? passing_all_but(m, f) : passing; };
  const auto& sets = store.sets;
  facet_counts counts{store};
  count_each(others(brand), sets.brands, counts.brands);
  count_categories(store, plan, others(category), counts);
  count_each(others(colour), sets.colour_families, counts.colours);
  count_each(others(size), sets.sizes, counts.sizes);
  count_prices(store, plan, others(price), counts);
  counts.in_stock = count_and(others(stock), sets.in_stock.words());
  return counts.finish(store);
}

std::vector<scored_doc> passed_of(const bitmap_words& passing,
                                  const text_matches* matches) {
  std::vector<scored_doc> out;
  if (matches && matches->dense()) {
    for_each_set(passing, [&](uint32_t doc) { out.push_back({doc, matches->score_in_dense(doc)}); });
    return out;
  }
  if (matches) { // without a branch per match: each is written, and kept when it passed
    out.resize(static_cast<size_t>(count(passing)) + 1);
    size_t kept = 0;
    matches->for_each([&](uint32_t doc, uint32_t score) {
      out[kept] = {doc, score};
      kept += test_bit(passing, doc);
    });
    out.resize(kept);
    return out;
  }
  for_each_set(passing, [&](uint32_t ordinal) { out.push_back({ordinal, 0}); });
  return out;
}

} // namespace

scan_result bitmap_scan(const catalog_store& store, const query_plan& plan,
                        const text_matches* matches) {
  auto masks = masks_of(store, plan, matches);
  auto passing = passing_all_but(masks, facet_filter_count);
  return {passed_of(passing, matches), count_facets(store, plan, masks, passing)};
}

size_t bitmap_scan_words(const catalog_store& store, const query_plan& plan) {
  const auto& sets = store.sets;
  size_t facet_nodes = 0;
  for (uint32_t c = 0; c < store.categories.size(); ++c)
    facet_nodes += is_facet_node(plan, c);
  auto value_sets = sets.brands.size() + sets.colour_families.size() + sets.sizes.size()
                    + sets.price_buckets.size() + facet_nodes;
  constexpr size_t masks_and_copies = 16;
  return words_for(store.attrs.size()) * (value_sets + masks_and_copies);
}

} // namespace colors::projections
