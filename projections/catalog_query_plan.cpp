#include "projections/catalog_query_plan.hpp"

#include "common/errc.hpp"
#include "projections/catalog_facets.hpp"
#include "projections/text_fold.hpp"

namespace colors::projections {

namespace {

// No document has this currency ordinal: the query's currency is unknown to the index.
constexpr uint32_t unknown_currency = UINT32_MAX;

caf::error invalid(std::string message) {
  return make_error(errc::invalid_argument, "search: " + std::move(message));
}

caf::error check_limits(const catalog_query& query) {
  using limits = catalog_limits;
  if (count_code_points(query.text) > limits::max_text_chars)
    return invalid("text is longer than " + std::to_string(limits::max_text_chars) + " characters");
  if (query.first < 0 || query.first > limits::max_first)
    return invalid("first must be between 0 and " + std::to_string(limits::max_first));
  for (auto* list : {&query.brand_ids, &query.colour_families, &query.sizes})
    if (list->size() > limits::max_filter_values)
      return invalid("a filter lists more than " + std::to_string(limits::max_filter_values)
                     + " values");
  if (query.price_min && query.price_max && *query.price_min > *query.price_max)
    return invalid("price_min is greater than price_max");
  return caf::none;
}

// Flags the ordinals of `values` known to `names`; all of them when `values` is empty (no
// filter). Unknown values match nothing, so a filter of only unknown values leaves no match.
std::vector<char> wanted(const interner& names, const std::vector<std::string>& values) {
  std::vector<char> flags(names.size(), values.empty() ? 1 : 0);
  for (const auto& value : values)
    if (auto ordinal = names.find(value))
      flags[*ordinal] = 1;
  return flags;
}

size_mask bits_of(const std::vector<char>& wanted) {
  size_mask bits = 0;
  for (uint32_t i = 0; i < wanted.size() && i < size_bit_count; ++i)
    if (wanted[i])
      bits |= size_mask{1} << i;
  return bits;
}

void plan_categories(const catalog_store& store, const catalog_query& query, query_plan& plan) {
  plan.by_category = !query.category_id.empty();
  auto selected = store.categories.find(query.category_id);
  plan.category = selected;
  if (plan.by_category && !selected) { // an unknown category: nothing inside
    plan.categories = category_scope{std::vector<char>(store.categories.size(), 0),
                                     std::vector<uint32_t>(store.categories.size(), no_category)};
    return;
  }
  plan.categories = store.categories.scope(plan.by_category ? selected : std::nullopt);
}

void plan_price(const catalog_store& store, const catalog_query& query, query_plan& plan) {
  if (!query.currency.empty())
    plan.currency = store.currencies.find(query.currency).value_or(unknown_currency);
  plan.price_min = query.price_min.value_or(INT64_MIN);
  plan.price_max = query.price_max.value_or(INT64_MAX);
  plan.by_price = !query.currency.empty() || query.price_min || query.price_max;
}

} // namespace

caf::expected<query_plan> make_plan(const catalog_store& store, const catalog_query& query) {
  if (auto err = check_limits(query))
    return err;
  query_plan plan;
  plan.tokens = fold_tokens(query.text);
  if (plan.tokens.size() > catalog_limits::max_tokens)
    return invalid("text has more than " + std::to_string(catalog_limits::max_tokens) + " words");
  plan.brands = wanted(store.brands, query.brand_ids);
  plan.colour_families = wanted(store.colour_families, query.colour_families);
  plan.sizes = wanted(store.sizes, query.sizes);
  plan.by_brand = !query.brand_ids.empty();
  plan.by_colour = !query.colour_families.empty();
  plan.by_size = !query.sizes.empty();
  plan.size_bits = bits_of(plan.sizes);
  plan_categories(store, query, plan);
  plan_price(store, query, plan);
  plan.in_stock_only = query.in_stock_only;
  plan.by_try_on = query.try_on_enabled.has_value();
  plan.try_on = query.try_on_enabled.value_or(false);
  return plan;
}

bool has_wanted_size_beyond_bits(const query_plan& plan, const catalog_store& store,
                                 uint32_t ordinal) {
  for (auto size : store.sources[ordinal].sizes_in_stock)
    if (plan.sizes[size])
      return true;
  return false;
}

} // namespace colors::projections
