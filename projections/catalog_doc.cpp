#include "projections/catalog.hpp"

#include "domain/colour.hpp"
#include "domain/product_stock.hpp"

namespace colors::projections {

catalog_doc doc_of(const events::ProductState& s, const std::string& brand_name, int64_t units_sold) {
  const auto& f = s.fields();
  catalog_doc doc;
  doc.product_id = s.product_id();
  doc.name = f.name();
  doc.description = f.description();
  doc.brand_id = s.brand_id();
  doc.brand_name = brand_name;
  doc.category_id = f.category_id();
  doc.colour_name = f.colour();
  if (f.has_colour_rgb())
    doc.colour_family = std::string{domain::colour::family_of(f.colour_rgb())};
  doc.tags.assign(f.tags().begin(), f.tags().end());
  for (const auto* attribute : {&f.material(), &f.pattern()})
    if (!attribute->empty())
      doc.tags.push_back(*attribute);
  doc.price_minor = f.price_minor();
  doc.currency = f.currency();
  doc.created_at = s.created_at();
  doc.popularity = units_sold;
  doc.try_on_enabled = !f.garment_image_id().empty();
  for (const auto& v : s.variants())
    doc.variants.push_back({v.size(), v.colour(), domain::product::available_of(v)});
  return doc;
}

} // namespace colors::projections
