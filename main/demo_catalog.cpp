#include "main/demo_catalog.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"
#include "domain/colour.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <thread>

namespace colors::app {

namespace {

namespace json = boost::json;
constexpr int loader_threads = 4;

// Runs one operation and waits; the data, or an error naming the first problem.
caf::expected<json::object> run(const demo_catalog_deps& deps, const char* query,
                                json::object variables) {
  std::promise<json::object> answer;
  graphql::request req;
  req.query = query;
  req.variables = std::move(variables);
  req.context = deps.admin;
  deps.engine->execute(std::move(req), [&](json::object res) { answer.set_value(std::move(res)); });
  auto res = answer.get_future().get();
  if (auto* errors = res.if_contains("errors"))
    return make_error(errc::invalid_argument, "demo catalog: " + json::serialize(*errors));
  auto data = res.at("data").as_object();
  for (const auto& [field, payload] : data)
    if (payload.is_object())
      if (auto* user_errors = payload.as_object().if_contains("userErrors");
          user_errors && !user_errors->as_array().empty())
        return make_error(errc::invalid_argument, "demo catalog: " + json::serialize(*user_errors));
  return data;
}

// The id in data.<field>.<member>.id.
caf::expected<std::string> created_id(caf::expected<json::object> data, const char* field,
                                      const char* member) {
  if (!data)
    return data.error();
  return std::string{data->at(field).at(member).at("id").as_string()};
}

using id_map = std::map<std::string, std::string>;

caf::expected<id_map> create_brands(const demo_catalog_deps& deps, const demo_catalog& c) {
  id_map ids;
  for (const auto& [name, blurb] : c.brands) {
    auto id = created_id(run(deps, "mutation($i: CatalogEntryInput!) { createBrand(input: $i) { brand { id } userErrors { message } } }",
                             {{"i", json::object{{"name", name}, {"description", blurb}}}}),
                         "createBrand", "brand");
    if (!id)
      return id.error();
    ids[name] = *id;
  }
  return ids;
}

caf::expected<id_map> create_categories(const demo_catalog_deps& deps, const demo_catalog& c) {
  id_map ids;
  for (const auto& cat : c.categories) {
    json::object input{{"name", cat.name}};
    if (!cat.parent.empty())
      input["parentId"] = ids.at(cat.parent);
    auto id = created_id(run(deps, "mutation($i: CategoryInput!) { createCategory(input: $i) { category { id } userErrors { message } } }",
                             {{"i", std::move(input)}}),
                         "createCategory", "category");
    if (!id)
      return id.error();
    ids[cat.name] = *id;
  }
  return ids;
}

json::object product_input(const demo_product& p, const std::string& category_id,
                           const std::string& image_id) {
  json::array tags;
  for (const auto& t : p.tags)
    tags.emplace_back(t);
  return {{"name", p.name},
          {"description", p.description},
          {"categoryId", category_id},
          {"colour", json::object{{"name", p.colour_name}, {"hex", domain::colour::to_hex(p.rgb)}}},
          {"material", p.material},
          {"pattern", pattern_name(p.pattern)},
          {"price", json::object{{"amountMinor", p.price_minor}, {"currency", "EUR"}}},
          {"tags", std::move(tags)},
          {"imageIds", json::array{json::value(image_id)}},
          {"garmentImageId", image_id}};
}

caf::error stock_variants(const demo_catalog_deps& deps, const std::string& id, const demo_product& p) {
  for (const auto& v : p.variants) {
    auto added = run(deps, "mutation($id: ID!, $v: VariantInput!) { addVariant(productId: $id, input: $v) { product { variants { id sku } } userErrors { message } } }",
                     {{"id", id}, {"v", json::object{{"sku", v.sku}, {"size", v.size}, {"colour", p.colour_name}}}});
    if (!added)
      return added.error();
    if (v.stock == 0)
      continue;
    std::string variant_id;
    for (const auto& pv : added->at("addVariant").at("product").at("variants").as_array())
      if (pv.at("sku").as_string() == v.sku)
        variant_id = std::string{pv.at("id").as_string()};
    auto stocked = run(deps, "mutation($i: AdjustStockInput!) { adjustStock(input: $i) { product { id } userErrors { message } } }",
                       {{"i", json::object{{"productId", id}, {"variantId", variant_id}, {"delta", v.stock},
                                           {"idempotencyKey", "demo-" + v.sku}, {"reason", "demo data"}}}});
    if (!stocked)
      return stocked.error();
  }
  return {};
}

caf::expected<std::string> create_product(const demo_catalog_deps& deps, const demo_product& p,
                                          const id_map& brands, const id_map& categories) {
  auto image = deps.garment_image(p);
  if (!image)
    return image.error();
  auto id = created_id(run(deps, "mutation($b: ID!, $p: ProductInput!) { createProduct(input: {brandId: $b, product: $p}) { product { id } userErrors { message } } }",
                           {{"b", brands.at(p.brand)}, {"p", product_input(p, categories.at(p.category), *image)}}),
                       "createProduct", "product");
  if (!id)
    return id;
  if (auto err = stock_variants(deps, *id, p))
    return err;
  auto published = run(deps, "mutation($id: ID!) { setProductStatus(id: $id, status: ACTIVE) { product { id } userErrors { message } } }",
                       {{"id", *id}});
  if (!published)
    return published.error();
  return id;
}

// Creates the products on a few threads; their ids by index.
caf::expected<std::vector<std::string>> create_products(const demo_catalog_deps& deps, const demo_catalog& c,
                                                        const id_map& brands, const id_map& categories) {
  std::vector<std::string> ids(c.products.size());
  std::atomic<size_t> next{0};
  std::mutex failure_mutex;
  caf::error failure;
  auto work = [&] {
    for (size_t i = next++; i < c.products.size(); i = next++) {
      auto id = create_product(deps, c.products[i], brands, categories);
      if (!id) {
        std::lock_guard lock{failure_mutex};
        failure = id.error();
        return;
      }
      ids[i] = *id;
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < loader_threads; ++t)
    threads.emplace_back(work);
  for (auto& t : threads)
    t.join();
  if (failure)
    return failure;
  return ids;
}

caf::error create_collections(const demo_catalog_deps& deps, const demo_catalog& c,
                              const std::vector<std::string>& product_ids) {
  for (const auto& coll : c.collections) {
    json::array ids;
    for (auto i : coll.products)
      ids.emplace_back(product_ids[i]);
    auto made = run(deps, "mutation($i: CollectionInput!) { createCollection(input: $i) { collection { id } userErrors { message } } }",
                    {{"i", json::object{{"name", coll.name}, {"description", coll.description}, {"productIds", std::move(ids)}}}});
    if (!made)
      return made.error();
  }
  return {};
}

// Collections name products; the read model that checks them follows the log closely.
void wait_until_listed(const demo_catalog_deps& deps, const std::vector<std::string>& ids) {
  for (int tries = 0; tries < 500; ++tries) {
    if (std::all_of(ids.begin(), ids.end(), [&](const auto& id) { return deps.catalog->product(id).has_value(); }))
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
}

bool has_entry(const demo_catalog_deps& deps, domain::catalog_entry::kind k, const std::string& name) {
  for (const auto& entry : deps.catalog->entries(k, 10'000))
    if (entry.fields().name() == name)
      return true;
  return false;
}

} // namespace

caf::error load_demo_catalog(const demo_catalog_deps& deps, size_t products) {
  auto c = make_demo_catalog(products);
  if (products == 0 || has_entry(deps, domain::catalog_entry::kind::collection, c.collections.back().name))
    return {}; // loaded before (collections come last)
  if (has_entry(deps, domain::catalog_entry::kind::brand, c.brands.front().first))
    return make_error(errc::duplicate, "an earlier demo catalog load did not finish; start with a new "
                                       "data directory to load it again");
  log(log_level::info, "loading the demo catalog", {{"products", std::to_string(products)}});
  auto brands = create_brands(deps, c);
  if (!brands)
    return brands.error();
  auto categories = create_categories(deps, c);
  if (!categories)
    return categories.error();
  auto ids = create_products(deps, c, *brands, *categories);
  if (!ids)
    return ids.error();
  wait_until_listed(deps, *ids);
  return create_collections(deps, c, *ids);
}

} // namespace colors::app
