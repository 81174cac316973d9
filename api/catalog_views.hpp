#pragma once
// JSON shapes of the catalog's types (Product, Variant, Colour, Image, Brand, Category,
// Collection), built from domain state. Pure. Members starting with "_" are for the nested
// resolvers (e.g. Product.category reads "_categoryId") and never reach a client: GraphQL
// selects only the schema's fields.
#include "domain/catalog_entry.hpp"
#include "events/types.hpp"

#include <boost/json.hpp>

#include <set>
#include <string>

namespace colors::api {

// `show_stock`: the caller administers the product's brand (onHand and reserved are shown).
// `only`: the Product fields the request selects (graphql::selected_fields), so that a listing
// builds no member nobody reads; null: every field.
boost::json::object product_json(const events::ProductState& s, bool show_stock,
                                 const std::set<std::string>* only = nullptr);
boost::json::object entry_json(domain::catalog_entry::kind k, const events::CatalogEntryState& s);
boost::json::object image_json(const events::ProductImage& image);

} // namespace colors::api
