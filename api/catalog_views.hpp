#pragma once
// JSON shapes of the catalog's types (Product, Variant, Colour, Image, Brand, Category,
// Collection), built from domain state. Pure. Members starting with "_" are for the nested
// resolvers (e.g. Product.category reads "_categoryId") and never reach a client: GraphQL
// selects only the schema's fields.
#include "domain/catalog_entry.hpp"
#include "events/types.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <set>
#include <string>

namespace colors::api {

// The members of a Product's JSON (those resolvers read too: `brand_id` for Product.brand,
// `category_id` for Product.category).
enum class product_member : uint8_t {
  name, brand_id, category_id, status, material, pattern, price, rating, try_on_enabled,
  in_stock, description, tags, colour, created_at, updated_at, images, garment_image, variants,
};

// Which members product_json builds: every one, or those a request's selected Product fields
// (graphql::selected_fields) need, so that a listing builds no member nobody reads. Made once
// per request, read per product.
class product_selection {
public:
  product_selection() = default; // every member
  explicit product_selection(const std::set<std::string>& fields);

  bool wants(product_member m) const { return (bits_ >> static_cast<unsigned>(m) & 1) != 0; }

private:
  uint32_t bits_ = ~uint32_t{0};
};

// `show_stock`: the caller administers the product's brand (onHand and reserved are shown).
boost::json::object product_json(const events::ProductState& s, bool show_stock,
                                 const product_selection& selection = {});
boost::json::object entry_json(domain::catalog_entry::kind k, const events::CatalogEntryState& s);
boost::json::object image_json(const events::ProductImage& image);

} // namespace colors::api
