#include "api/catalog_views.hpp"

#include "api/views.hpp"
#include "domain/colour.hpp"
#include "domain/product_stock.hpp"

namespace colors::api {

namespace json = boost::json;
using domain::catalog_entry::kind;

namespace {

json::value optional(const std::string& v) {
  return v.empty() ? json::value(nullptr) : json::value(v);
}

json::value colour_json(const events::ProductFields& f) {
  if (f.colour().empty())
    return nullptr;
  if (!f.has_colour_rgb())
    return json::object{{"name", f.colour()}, {"hex", nullptr}, {"family", nullptr}, {"lab", nullptr}};
  auto lab = domain::colour::to_lab(f.colour_rgb());
  return json::object{{"name", f.colour()},
                      {"hex", domain::colour::to_hex(f.colour_rgb())},
                      {"family", domain::colour::family_of(f.colour_rgb())},
                      {"lab", json::object{{"l", lab.l}, {"a", lab.a}, {"b", lab.b}}}};
}

json::object variant_json(const events::ProductVariant& v, bool show_stock) {
  auto available = domain::product::available_of(v);
  auto shown = [&](int64_t n) { return show_stock ? json::value(n) : json::value(nullptr); };
  return {{"id", v.variant_id()},
          {"sku", v.sku()},
          {"size", v.size()},
          {"colour", optional(v.colour())},
          {"available", std::max<int64_t>(available, 0)},
          {"stockLevel", domain::product::stock_level(available)},
          {"onHand", shown(v.on_hand())},
          {"reserved", shown(v.reserved())}};
}

json::array images_json(const events::ProductFields& f) {
  json::array out;
  for (const auto& image : f.images())
    out.push_back(image_json(image));
  return out;
}

json::value garment_json(const events::ProductFields& f) {
  for (const auto& image : f.images())
    if (image.media_id() == f.garment_image_id())
      return image_json(image);
  return nullptr;
}

json::array tags_json(const events::ProductFields& f) {
  json::array tags;
  for (const auto& t : f.tags())
    tags.emplace_back(t);
  return tags;
}

} // namespace

json::object image_json(const events::ProductImage& image) {
  return {{"__typename", "Image"},
          {"id", image.media_id()},
          {"url", "/media/" + image.media_id()},
          {"width", image.width()},
          {"height", image.height()},
          {"contentType", image.content_type()}};
}

json::object product_json(const events::ProductState& s, bool show_stock) {
  const auto& f = s.fields();
  json::array variants;
  bool in_stock = false;
  for (const auto& v : s.variants()) {
    variants.push_back(variant_json(v, show_stock));
    in_stock = in_stock || domain::product::available_of(v) > 0;
  }
  auto images = images_json(f);
  auto first_url = images.empty() ? json::value(nullptr) : images[0].as_object().at("url");
  return {{"__typename", "Product"},
          {"id", s.product_id()},
          {"name", f.name()},
          {"brandId", s.brand_id()},
          {"_categoryId", f.category_id()},
          {"status", s.status()},
          {"colour", colour_json(f)},
          {"tags", tags_json(f)},
          {"material", optional(f.material())},
          {"pattern", optional(f.pattern())},
          {"createdAt", rfc3339(s.created_at())},
          {"updatedAt", rfc3339(s.updated_at())},
          {"description", optional(f.description())},
          {"price", json::object{{"amountMinor", f.price_minor()}, {"currency", f.currency()}}},
          {"images", std::move(images)},
          {"imageUrl", first_url},
          {"garmentImage", garment_json(f)},
          {"rating", nullptr},
          {"tryOnEnabled", !f.garment_image_id().empty()},
          {"variants", std::move(variants)},
          {"inStock", in_stock}};
}

json::object entry_json(kind k, const events::CatalogEntryState& s) {
  const char* type = k == kind::brand ? "Brand" : k == kind::category ? "Category" : "Collection";
  json::array product_ids;
  for (const auto& id : s.fields().product_ids())
    product_ids.emplace_back(id);
  return {{"__typename", type},
          {"id", s.entry_id()},
          {"name", s.fields().name()},
          {"description", optional(s.fields().description())},
          {"_parentId", s.fields().parent_id()},
          {"_productIds", std::move(product_ids)}};
}

} // namespace colors::api
