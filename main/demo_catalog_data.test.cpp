#include "main/demo_catalog_data.hpp"

#include "domain/colour.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace colors::app;

TEST_CASE("the demo catalog is realistic: 200+ products over every brand and leaf category") {
  auto catalog = make_demo_catalog(240);
  CHECK(catalog.products.size() == 240);
  std::set<std::string> brands, categories, skus, families;
  for (const auto& p : catalog.products) {
    brands.insert(p.brand);
    categories.insert(p.category);
    families.insert(std::string{colors::domain::colour::family_of(p.rgb)});
    CHECK(!p.name.empty());
    CHECK(p.price_minor > 0);
    CHECK(p.variants.size() == 5);
    for (const auto& v : p.variants)
      CHECK(skus.insert(v.sku).second); // every SKU once
  }
  CHECK(brands.size() == catalog.brands.size());
  CHECK(categories.size() + 2 == catalog.categories.size()); // every leaf, plus the two roots
  CHECK(families.size() >= 8);
  for (const auto& c : catalog.collections)
    CHECK(!c.products.empty());
}

TEST_CASE("the demo catalog is the same every time") {
  auto a = make_demo_catalog(50), b = make_demo_catalog(50);
  for (size_t i = 0; i < a.products.size(); ++i) {
    CHECK(a.products[i].name == b.products[i].name);
    CHECK(a.products[i].variants[0].stock == b.products[i].variants[0].stock);
  }
}
