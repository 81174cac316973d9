#include "domain/product.hpp"

#include "common/errc.hpp"
#include "domain/codec.hpp"
#include "domain/product_stock.hpp"

#include <algorithm>
#include <set>

namespace colors::domain::product {

namespace {

using events::ProductCommand;
using result = caf::expected<std::vector<event>>;

constexpr const char* event_type = "colors.events.ProductEvent";
constexpr int64_t max_price_minor = 100'000'000; // a million in major units

caf::error invalid(std::string message) {
  return make_error(errc::invalid_argument, std::move(message));
}

template <class F>
std::vector<event> one(const command& cmd, F set) {
  event ev;
  ev.set_at(cmd.now());
  set(ev);
  return {std::move(ev)};
}

bool is_currency(const std::string& c) {
  return c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

result create(const state& s, const command& cmd) {
  if (s.exists())
    return make_error(errc::duplicate, "this product already exists");
  const auto& c = cmd.create();
  if (c.product_id().empty() || c.brand_id().empty())
    return invalid("A product needs a brand.");
  if (auto err = validate(c.fields()))
    return err;
  return one(cmd, [&](event& ev) { *ev.mutable_created() = c; });
}

result change(const state& s, const command& cmd) {
  if (auto err = validate(cmd.change().fields()))
    return err;
  if (s.fields().SerializeAsString() == cmd.change().fields().SerializeAsString())
    return std::vector<event>{};
  return one(cmd, [&](event& ev) { *ev.mutable_changed() = cmd.change(); });
}

result set_status(const state& s, const command& cmd) {
  const auto& status = cmd.set_status().status();
  if (std::find(std::begin(statuses), std::end(statuses), status) == std::end(statuses))
    return invalid("Unknown product status " + status + ".");
  if (s.status() == status)
    return std::vector<event>{};
  return one(cmd, [&](event& ev) { *ev.mutable_status_changed() = cmd.set_status(); });
}

caf::error validate_images(const events::ProductFields& f) {
  if (f.images_size() > 20)
    return invalid("A product has at most 20 images.");
  std::set<std::string> seen;
  const events::ProductImage* garment = nullptr;
  for (const auto& image : f.images()) {
    if (image.media_id().empty() || !seen.insert(image.media_id()).second)
      return invalid("Each image of a product must be a distinct uploaded image.");
    if (image.media_id() == f.garment_image_id())
      garment = &image;
  }
  if (!f.garment_image_id().empty() && !garment)
    return invalid("The garment image must be one of the product's images.");
  if (garment && !garment->try_on_ready())
    return invalid("The garment image does not meet the try-on limits (JPEG or PNG, at least 300 px a side, at most 10 MB).");
  return {};
}

} // namespace

caf::error validate(const events::ProductFields& f) {
  if (f.name().empty() || f.name().size() > 200)
    return invalid("The name must have 1 to 200 characters.");
  if (f.description().size() > 5000)
    return invalid("The description must have at most 5000 characters.");
  if (f.price_minor() < 0 || f.price_minor() > max_price_minor)
    return invalid("The price must be between 0 and 1,000,000.");
  if (!is_currency(f.currency()))
    return invalid("The currency must be an ISO 4217 code such as EUR.");
  if (f.tags_size() > 30)
    return invalid("A product has at most 30 tags.");
  for (const auto& t : f.tags())
    if (t.empty() || t.size() > 40)
      return invalid("Each tag must have 1 to 40 characters.");
  if (f.colour().size() > 40 || f.material().size() > 60 || f.pattern().size() > 60)
    return invalid("Colour names have at most 40 characters, material and pattern at most 60.");
  if (f.has_colour_rgb() && (f.colour().empty() || f.colour_rgb() > 0xffffff))
    return invalid("A colour value needs a colour name and must be #000000 to #ffffff.");
  return validate_images(f);
}

caf::expected<std::vector<event>> decide(const state& s, const command& cmd) {
  if (cmd.kind_case() == ProductCommand::kCreate)
    return create(s, cmd);
  if (!s.exists())
    return make_error(errc::not_found, "No such product.");
  switch (cmd.kind_case()) {
    case ProductCommand::kChange: return change(s, cmd);
    case ProductCommand::kSetStatus: return set_status(s, cmd);
    default: return decide_stock(s, cmd);
  }
}

state evolve(state s, const event& ev) {
  s.set_revision(s.revision() + 1);
  s.set_updated_at(ev.at());
  switch (ev.kind_case()) {
    case events::ProductEvent::kCreated:
      s.set_product_id(ev.created().product_id());
      s.set_exists(true);
      s.set_brand_id(ev.created().brand_id());
      *s.mutable_fields() = ev.created().fields();
      s.set_status("DRAFT");
      s.set_created_at(ev.at());
      break;
    case events::ProductEvent::kChanged: *s.mutable_fields() = ev.changed().fields(); break;
    case events::ProductEvent::kStatusChanged: s.set_status(ev.status_changed().status()); break;
    default: evolve_stock(s, ev); break;
  }
  return s;
}

events::new_event encode(const event& ev) {
  return encode_message(event_type, ev);
}

caf::expected<event> decode(const events::envelope& env) {
  return decode_event<event>(env, event_type, "product");
}

caf::expected<state> aggregate::decode_state(const std::string& bytes) {
  return decode_snapshot<state>(bytes, "product");
}

} // namespace colors::domain::product
