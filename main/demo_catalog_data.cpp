#include "main/demo_catalog_data.hpp"

#include <array>
#include <random>

namespace colors::app {

namespace {

struct colour_spec {
  const char* name;
  uint32_t rgb;
};

constexpr colour_spec palette[] = {
  {"Midnight navy", 0x1f2a5c}, {"Chalk white", 0xf4f1ea}, {"Charcoal", 0x36393d},
  {"Oat", 0xd9c7a7},           {"Rust", 0xa4452c},        {"Forest green", 0x2e5e3e},
  {"Sky blue", 0x8fb8de},      {"Burgundy", 0x7a1f33},    {"Mustard", 0xd7a628},
  {"Blush pink", 0xf2b8c0},    {"Black", 0x141414},       {"Olive", 0x6b6b2e},
  {"Lavender", 0x9a84c4},      {"Camel", 0xb8875a},       {"Coral", 0xf0715a},
  {"Denim blue", 0x3b5f8a},
};

constexpr const char* materials[] = {"cotton", "linen", "merino wool", "silk", "denim",
                                     "organic cotton", "cashmere", "viscose", "recycled polyester"};
constexpr const char* styles[] = {"casual", "classic", "minimal", "streetwear", "office",
                                  "weekend", "relaxed", "tailored", "summer", "layering"};

struct leaf_spec {
  const char* category;
  const char* root;
  demo_garment garment;
  const char* nouns[3];
  int64_t base_price;
  bool letter_sizes; // S/M/L vs waist sizes
};

constexpr leaf_spec leaves[] = {
  {"Women's T-shirts", "Women", demo_garment::t_shirt, {"tee", "boxy tee", "scoop-neck tee"}, 2500, true},
  {"Women's Knitwear", "Women", demo_garment::sweater, {"jumper", "cardigan", "crew-neck knit"}, 6900, true},
  {"Dresses", "Women", demo_garment::dress, {"midi dress", "shirt dress", "wrap dress"}, 7900, true},
  {"Skirts", "Women", demo_garment::skirt, {"A-line skirt", "pleated skirt", "mini skirt"}, 4900, true},
  {"Women's Trousers", "Women", demo_garment::trousers, {"wide-leg trousers", "cigarette trousers", "culottes"}, 6500, false},
  {"Women's Jackets", "Women", demo_garment::jacket, {"blazer", "chore jacket", "bomber"}, 12900, true},
  {"Men's T-shirts", "Men", demo_garment::t_shirt, {"tee", "pocket tee", "heavyweight tee"}, 2500, true},
  {"Men's Knitwear", "Men", demo_garment::sweater, {"sweater", "quarter-zip", "cable knit"}, 7400, true},
  {"Men's Trousers", "Men", demo_garment::trousers, {"chinos", "straight jeans", "pleated trousers"}, 6900, false},
  {"Shorts", "Men", demo_garment::shorts, {"chino shorts", "swim shorts", "cargo shorts"}, 3900, false},
  {"Men's Jackets", "Men", demo_garment::jacket, {"overshirt", "field jacket", "harrington"}, 13900, true},
};

constexpr std::array<const char*, 6> brand_names = {"Nordlys", "Atelier Crème", "Kōen Studio",
                                                    "Marlow & Finch", "Solenne", "Terra Loom"};
constexpr const char* brand_blurbs[] = {
  "Scandinavian basics in muted tones.", "Parisian tailoring with a soft touch.",
  "Japanese-inspired minimal cuts.", "British heritage, made to last.",
  "Sun-washed Mediterranean summer wear.", "Natural fibres, low-impact dyes.",
};

std::vector<demo_variant> variants_for(const leaf_spec& leaf, const std::string& sku_stem,
                                       std::mt19937& rng) {
  static const std::vector<std::string> letters{"XS", "S", "M", "L", "XL"};
  static const std::vector<std::string> waists{"28", "30", "32", "34", "36"};
  const auto& sizes = leaf.letter_sizes ? letters : waists;
  std::vector<demo_variant> out;
  for (const auto& size : sizes) {
    auto roll = rng() % 10;
    int64_t stock = roll < 2 ? 0 : roll < 4 ? 1 + rng() % 4 : 6 + rng() % 40; // some out, some low
    out.push_back({sku_stem + "-" + size, size, stock});
  }
  return out;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z')
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

demo_product product_at(size_t i, std::mt19937& rng) {
  const auto& leaf = leaves[i % std::size(leaves)];
  const auto& colour = palette[rng() % std::size(palette)];
  const char* material = materials[rng() % std::size(materials)];
  auto pattern = static_cast<demo_pattern>(rng() % 7 < 4 ? 0 : 1 + rng() % 3);
  demo_product p;
  p.brand = brand_names[rng() % brand_names.size()];
  p.category = leaf.category;
  p.garment = leaf.garment;
  std::string noun = leaf.nouns[rng() % 3];
  p.name = capitalised(std::string{material} + " " + noun);
  if (pattern != demo_pattern::plain)
    p.name = capitalised(std::string{pattern_name(pattern)} + " " + std::string{material} + " " + noun);
  p.description = "A " + std::string{styles[rng() % std::size(styles)]} + " " + noun + " in "
                  + colour.name + " " + material + " by " + p.brand + ".";
  p.colour_name = colour.name;
  p.rgb = colour.rgb;
  p.material = material;
  p.pattern = pattern;
  p.tags = {styles[rng() % std::size(styles)], styles[rng() % std::size(styles)]};
  if (p.tags[0] == p.tags[1])
    p.tags.pop_back();
  p.price_minor = leaf.base_price + static_cast<int64_t>(rng() % 8) * 500 - 100;
  p.variants = variants_for(leaf, "D" + std::to_string(1000 + i), rng);
  return p;
}

} // namespace

const char* pattern_name(demo_pattern p) {
  switch (p) {
    case demo_pattern::stripes: return "striped";
    case demo_pattern::checks: return "checked";
    case demo_pattern::dots: return "dotted";
    case demo_pattern::plain: break;
  }
  return "plain";
}

demo_catalog make_demo_catalog(size_t products) {
  demo_catalog out;
  for (size_t i = 0; i < brand_names.size(); ++i)
    out.brands.emplace_back(brand_names[i], brand_blurbs[i]);
  out.categories = {{"Women", ""}, {"Men", ""}};
  for (const auto& leaf : leaves)
    out.categories.push_back({leaf.category, leaf.root});
  std::mt19937 rng{20261206};
  for (size_t i = 0; i < products; ++i)
    out.products.push_back(product_at(i, rng));
  demo_collection summer{"Summer edit", "Light fabrics for warm days.", {}};
  demo_collection knit{"Knit season", "Wool, cashmere and cotton knits.", {}};
  for (size_t i = 0; i < out.products.size(); ++i) {
    const auto& p = out.products[i];
    if ((p.material == "linen" || p.garment == demo_garment::shorts) && summer.products.size() < 24)
      summer.products.push_back(i);
    if (p.garment == demo_garment::sweater && knit.products.size() < 24)
      knit.products.push_back(i);
  }
  out.collections = {summer, knit};
  return out;
}

} // namespace colors::app
