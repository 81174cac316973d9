#pragma once
// The demo catalog's content: brands, a category tree, collections and a few hundred products
// with colours, materials, sizes and stock. Deterministic (the same every run). Pure.
#include "media/garment_shapes.hpp"
#include "media/raster.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace colors::app {

struct demo_variant {
  std::string sku;
  std::string size;
  int64_t stock = 0;
};

using demo_garment = media::garment_kind;
using demo_pattern = media::fabric_pattern;

struct demo_product {
  std::string brand;        // a name of demo_catalog::brands
  std::string category;     // a name of demo_catalog::categories
  std::string name;
  std::string description;
  std::string colour_name;
  uint32_t rgb = 0;
  std::string material;
  demo_pattern pattern = demo_pattern::plain;
  std::vector<std::string> tags;
  int64_t price_minor = 0;  // EUR
  demo_garment garment = demo_garment::t_shirt;
  std::vector<demo_variant> variants;
};

struct demo_category {
  std::string name;   // unique in the demo
  std::string parent; // empty for a root
};

struct demo_collection {
  std::string name;
  std::string description;
  std::vector<size_t> products; // indexes into demo_catalog::products
};

struct demo_catalog {
  std::vector<std::pair<std::string, std::string>> brands; // name, description
  std::vector<demo_category> categories;                   // parents before children
  std::vector<demo_product> products;
  std::vector<demo_collection> collections;
};

// `products` products (at least one per leaf category).
demo_catalog make_demo_catalog(size_t products);

// "striped", "checked", "dotted", "plain".
const char* pattern_name(demo_pattern p);

} // namespace colors::app
