// Catalog listing and search from the catalog read model: Query.products (text, filters,
// facets, sort, cursor pagination), Query.search (type-ahead over products and brands) and
// Brand.products.
#include "api/catalog_views.hpp"
#include "api/guard.hpp"
#include "api/products.hpp"

#include "common/errc.hpp"
#include "projections/text_fold.hpp"

#include <algorithm>
#include <unordered_map>

namespace colors::api {

namespace {

namespace json = boost::json;
using domain::catalog_entry::kind;
using graphql::resolve_done;
using graphql::resolve_info;
using projections::catalog_query;
using projections::catalog_sort;

std::vector<std::string> strings_of(const json::object& in, const char* key) {
  std::vector<std::string> out;
  if (auto* list = in.if_contains(key); list && list->is_array())
    for (const auto& v : list->as_array())
      out.emplace_back(v.as_string());
  return out;
}

std::optional<int64_t> int_of(const json::object& in, const char* key) {
  auto* v = in.if_contains(key);
  return v && v->is_int64() ? std::optional{v->as_int64()} : std::nullopt;
}

// The `first` argument (`fallback` when absent) within 0..catalog_limits::max_first.
int page_size(const resolve_info& info, int64_t fallback) {
  auto first = int_of(info.args, "first").value_or(fallback);
  return static_cast<int>(std::clamp<int64_t>(first, 0, projections::catalog_limits::max_first));
}

bool flag_of(const json::object& in, const char* key) {
  auto* v = in.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}

catalog_sort sort_of(const std::string& name, bool has_text) {
  if (name == "PRICE_ASC")
    return catalog_sort::price_asc;
  if (name == "PRICE_DESC")
    return catalog_sort::price_desc;
  if (name == "POPULARITY")
    return catalog_sort::popularity;
  return name == "RELEVANCE" && has_text ? catalog_sort::relevance : catalog_sort::newest;
}

void apply_filter(const json::object& filter, catalog_query& q) {
  q.brand_ids = strings_of(filter, "brandIds");
  if (auto* category = filter.if_contains("categoryId"); category && category->is_string())
    q.category_id = std::string{category->as_string()};
  q.colour_families = strings_of(filter, "colourFamilies");
  q.sizes = strings_of(filter, "sizes");
  q.in_stock_only = flag_of(filter, "inStockOnly");
  if (auto* try_on = filter.if_contains("tryOnEnabled"); try_on && try_on->is_bool())
    q.try_on_enabled = try_on->as_bool();
  if (auto* price = filter.if_contains("price"); price && price->is_object()) {
    q.price_min = int_of(price->as_object(), "min");
    q.price_max = int_of(price->as_object(), "max");
    q.currency = std::string{price->as_object().at("currency").as_string()};
  }
}

// Nothing has a rating before reviews exist: a positive minimum matches nothing.
bool wants_ratings(const json::object& filter) {
  auto* min = filter.if_contains("minRating");
  return min && min->is_number() && min->to_number<double>() > 0;
}

catalog_query query_of(const resolve_info& info) {
  catalog_query q;
  auto text = arg_string(info, "text");
  q.text = text;
  q.first = static_cast<int>(std::clamp<int64_t>(int_of(info.args, "first").value_or(20), -1, 1'000'000));
  q.after = arg_string(info, "after");
  if (auto* filter = info.args.if_contains("filter"); filter && filter->is_object())
    apply_filter(filter->as_object(), q);
  q.sort = sort_of(arg_string(info, "sort"), !projections::fold_tokens(text).empty());
  return q;
}

json::array counts_json(const std::vector<projections::facet_count>& counts,
                        const std::function<json::value(const std::string&)>& label) {
  json::array out;
  for (const auto& c : counts)
    out.push_back(json::object{{"value", c.value}, {"label", label(c.value)}, {"count", c.count}});
  return out;
}

json::object facets_json(const catalog_api& api, const projections::catalog_facets& f) {
  auto name_of = [&api](kind k) {
    return [&api, k](const std::string& id) -> json::value {
      auto name = api.catalog->entry_name(k, id);
      return name ? json::value(*name) : json::value(nullptr);
    };
  };
  auto no_label = [](const std::string&) { return json::value(nullptr); };
  json::array prices;
  for (const auto& b : f.price_buckets)
    prices.push_back(json::object{{"min", b.min},
                                  {"max", b.max ? json::value(*b.max - 1) : json::value(nullptr)},
                                  {"count", b.count}});
  return {{"brands", counts_json(f.brands, name_of(kind::brand))},
          {"categories", counts_json(f.categories, name_of(kind::category))},
          {"colourFamilies", counts_json(f.colour_families, no_label)},
          {"sizes", counts_json(f.sizes, no_label)},
          {"prices", std::move(prices)},
          {"inStock", f.in_stock}};
}

// Calls visit(edge, state) for the products of a page, in its order (one that left the catalog
// since is left out), reading them in place in the read model.
void visit_page(const catalog_api& api, const projections::catalog_page& page,
                const std::function<void(const projections::catalog_edge&,
                                         const events::ProductState&)>& visit) {
  std::vector<std::string> ids;
  ids.reserve(page.edges.size());
  for (const auto& e : page.edges)
    ids.push_back(e.product_id);
  api.catalog->visit_products(
      ids, [&](size_t i, const events::ProductState& state) { visit(page.edges[i], state); });
}

json::object connection_json(const catalog_api& api, const projections::catalog_page& page,
                             const std::optional<std::set<std::string>>& fields = std::nullopt) {
  json::array edges;
  auto selection = fields ? product_selection{*fields} : product_selection{};
  visit_page(api, page, [&](const auto& edge, const auto& state) {
    edges.push_back(json::object{{"cursor", edge.cursor}, {"node", product_json(state, false, selection)}});
  });
  return {{"edges", std::move(edges)},
          {"pageInfo", json::object{{"hasNextPage", page.has_next_page},
                                    {"endCursor", page.end_cursor.empty() ? json::value(nullptr) : json::value(page.end_cursor)}}},
          {"totalCount", page.total_count},
          {"facets", facets_json(api, page.facets)}};
}

void list_products(const catalog_api& api, const resolve_info& info, resolve_done done) {
  auto* filter = info.args.if_contains("filter");
  if (filter && filter->is_object() && wants_ratings(filter->as_object()))
    return done(json::value(connection_json(api, {})));
  auto page = api.catalog->search(query_of(info));
  if (!page)
    return done(page.error());
  done(json::value(connection_json(api, *page, graphql::selected_fields(info, {"edges", "node"}))));
}

// Brands whose name has every folded token of `text` (the last also as a prefix).
json::array matching_brands(const catalog_api& api, const std::string& text, size_t limit) {
  auto wanted = projections::fold_tokens(text);
  json::array out;
  if (wanted.empty())
    return out;
  for (const auto& brand : api.catalog->entries(kind::brand, 10'000)) {
    auto have = projections::fold_tokens(brand.fields().name());
    auto matches = [&](size_t i) {
      return std::any_of(have.begin(), have.end(), [&](const std::string& t) {
        return i + 1 == wanted.size() ? t.starts_with(wanted[i]) : t == wanted[i];
      });
    };
    bool all = true;
    for (size_t i = 0; i < wanted.size() && all; ++i)
      all = matches(i);
    if (all && out.size() < limit)
      out.push_back(entry_json(kind::brand, brand));
  }
  return out;
}

void type_ahead(const catalog_api& api, const resolve_info& info, resolve_done done) {
  catalog_query q;
  q.text = arg_string(info, "text");
  q.first = page_size(info, 10);
  auto page = api.catalog->search(q);
  if (!page)
    return done(page.error());
  auto out = matching_brands(api, q.text, static_cast<size_t>(q.first));
  visit_page(api, *page, [&](const auto&, const auto& state) {
    if (out.size() < static_cast<size_t>(q.first))
      out.push_back(product_json(state, false));
  });
  done(json::value(std::move(out)));
}

void brand_products(const catalog_api& api, const resolve_info& info, resolve_done done) {
  catalog_query q;
  q.brand_ids = {std::string{info.parent.as_object().at("id").as_string()}};
  q.sort = catalog_sort::newest;
  q.first = page_size(info, 20);
  auto page = api.catalog->search(q);
  if (!page)
    return done(page.error());
  json::array out;
  visit_page(api, *page,
             [&](const auto&, const auto& state) { out.push_back(product_json(state, false)); });
  done(json::value(std::move(out)));
}

} // namespace

void add_catalog_search_resolvers(graphql::resolver_map& r, catalog_api api) {
  r.add("Query", "products", [api](const resolve_info& info, resolve_done done) {
    list_products(api, info, std::move(done));
  });
  r.add("Query", "search", [api](const resolve_info& info, resolve_done done) {
    type_ahead(api, info, std::move(done));
  });
  r.add("Brand", "products", [api](const resolve_info& info, resolve_done done) {
    brand_products(api, info, std::move(done));
  });
}

} // namespace colors::api
