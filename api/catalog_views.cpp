#include "api/catalog_views.hpp"

#include "api/views.hpp"
#include "domain/colour.hpp"
#include "domain/product_stock.hpp"

#include <algorithm>

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

product_selection::product_selection(const std::set<std::string>& fields) : bits_(0) {
  using m = product_member;
  static const std::pair<const char*, product_member> members_of_fields[] = {
    {"name", m::name},           {"brandId", m::brand_id},          {"brand", m::brand_id},
    {"category", m::category_id}, {"status", m::status},            {"material", m::material},
    {"pattern", m::pattern},     {"price", m::price},               {"rating", m::rating},
    {"tryOnEnabled", m::try_on_enabled}, {"inStock", m::in_stock},  {"description", m::description},
    {"tags", m::tags},           {"colour", m::colour},             {"createdAt", m::created_at},
    {"updatedAt", m::updated_at}, {"images", m::images},            {"imageUrl", m::images},
    {"garmentImage", m::garment_image}, {"variants", m::variants}};
  for (const auto& [field, member] : members_of_fields)
    if (fields.count(field) > 0)
      bits_ |= uint32_t{1} << static_cast<unsigned>(member);
}

json::object product_json(const events::ProductState& s, bool show_stock,
                          const product_selection& selection) {
  auto wants = [&selection](product_member m) { return selection.wants(m); };
  using m = product_member;
  const auto& f = s.fields();
  json::object out{{"__typename", "Product"}, {"id", s.product_id()}};
  out.reserve(24);
  if (wants(m::name))
    out["name"] = f.name();
  if (wants(m::brand_id))
    out["brandId"] = s.brand_id();
  if (wants(m::category_id))
    out["_categoryId"] = f.category_id();
  if (wants(m::status))
    out["status"] = s.status();
  if (wants(m::material))
    out["material"] = optional(f.material());
  if (wants(m::pattern))
    out["pattern"] = optional(f.pattern());
  if (wants(m::price))
    out["price"] = json::object{{"amountMinor", f.price_minor()}, {"currency", f.currency()}};
  if (wants(m::rating))
    out["rating"] = nullptr;
  if (wants(m::try_on_enabled))
    out["tryOnEnabled"] = !f.garment_image_id().empty();
  if (wants(m::in_stock))
    out["inStock"] = std::any_of(s.variants().begin(), s.variants().end(), [](const auto& v) {
      return domain::product::available_of(v) > 0;
    });
  if (wants(m::description))
    out["description"] = optional(f.description());
  if (wants(m::tags))
    out["tags"] = tags_json(f);
  if (wants(m::colour))
    out["colour"] = colour_json(f);
  if (wants(m::created_at))
    out["createdAt"] = rfc3339(s.created_at());
  if (wants(m::updated_at))
    out["updatedAt"] = rfc3339(s.updated_at());
  if (wants(m::images)) {
    auto images = images_json(f);
    out["imageUrl"] = images.empty() ? json::value(nullptr) : images[0].as_object().at("url");
    out["images"] = std::move(images);
  }
  if (wants(m::garment_image))
    out["garmentImage"] = garment_json(f);
  if (wants(m::variants)) {
    json::array variants;
    for (const auto& v : s.variants())
      variants.push_back(variant_json(v, show_stock));
    out["variants"] = std::move(variants);
  }
  return out;
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
