#include "domain/product_stock.hpp"

#include "common/errc.hpp"

#include <algorithm>

namespace colors::domain::product {

namespace {

using events::ProductCommand;
using events::ProductEvent;
using events::ProductState;
using events::ProductVariant;
using result = caf::expected<std::vector<ProductEvent>>;

constexpr int max_variants = 200;
constexpr int max_open_reservations = 10'000;
constexpr int64_t max_adjustment = 1'000'000;
constexpr int64_t max_reservation = 100;

caf::error invalid(std::string message) {
  return make_error(errc::invalid_argument, std::move(message));
}

bool is_sku(const std::string& sku) {
  return !sku.empty() && sku.size() <= 64 && std::all_of(sku.begin(), sku.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

ProductVariant* find_mutable(ProductState& s, const std::string& id) {
  for (auto& v : *s.mutable_variants())
    if (v.variant_id() == id)
      return &v;
  return nullptr;
}

const events::StockReservation* find_reservation(const ProductState& s, const std::string& id) {
  for (const auto& r : s.reservations())
    if (r.reservation_id() == id)
      return &r;
  return nullptr;
}

caf::error check_new_variant(const ProductState& s, const ProductVariant& v) {
  if (v.variant_id().empty())
    return invalid("A variant needs an id.");
  if (!is_sku(v.sku()))
    return invalid("A SKU has 1 to 64 letters, digits, '-', '_' or '.'.");
  if (v.size().empty() || v.size().size() > 20 || v.colour().size() > 40)
    return invalid("A variant needs a size of 1 to 20 characters and a colour of at most 40.");
  if (s.variants_size() >= max_variants)
    return invalid("A product has at most 200 variants.");
  for (const auto& other : s.variants()) {
    if (other.variant_id() == v.variant_id() || other.sku() == v.sku())
      return make_error(errc::duplicate, "The product already has a variant with SKU " + v.sku() + ".");
    if (other.size() == v.size() && other.colour() == v.colour())
      return make_error(errc::duplicate, "The product already has a variant in size " + v.size()
                                           + (v.colour().empty() ? "" : " and colour " + v.colour()) + ".");
  }
  return {};
}

ProductEvent at(const ProductCommand& cmd) {
  ProductEvent ev;
  ev.set_at(cmd.now());
  return ev;
}

// `first`, followed by a StockLevelChanged when the variant's level moves from `before`.
std::vector<ProductEvent> with_level(const ProductCommand& cmd, ProductEvent first,
                                     const ProductVariant& v, int64_t before, int64_t after) {
  std::vector<ProductEvent> out{std::move(first)};
  if (stock_level(before) != stock_level(after)) {
    auto ev = at(cmd);
    auto* level = ev.mutable_stock_level_changed();
    level->set_variant_id(v.variant_id());
    level->set_level(std::string{stock_level(after)});
    level->set_available(after);
    out.push_back(std::move(ev));
  }
  return out;
}

result add_variant(const ProductState& s, const ProductCommand& cmd) {
  auto variant = cmd.add_variant().variant();
  variant.set_on_hand(0);
  variant.set_reserved(0);
  if (auto err = check_new_variant(s, variant))
    return err;
  auto ev = at(cmd);
  *ev.mutable_variant_added() = cmd.add_variant();
  *ev.mutable_variant_added()->mutable_variant() = variant;
  return std::vector<ProductEvent>{std::move(ev)};
}

result remove_variant(const ProductState& s, const ProductCommand& cmd) {
  const auto* v = find_variant(s, cmd.remove_variant().variant_id());
  if (!v)
    return make_error(errc::not_found, "The product has no such variant.");
  if (v->reserved() > 0)
    return make_error(errc::conflict, "The variant has reserved units; release them first.");
  auto ev = at(cmd);
  *ev.mutable_variant_removed() = cmd.remove_variant();
  return std::vector<ProductEvent>{std::move(ev)};
}

bool seen_key(const ProductState& s, const std::string& key) {
  const auto& keys = s.recent_stock_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

result adjust_stock(const ProductState& s, const ProductCommand& cmd) {
  const auto& adj = cmd.adjust_stock();
  if (adj.idempotency_key().empty() || adj.idempotency_key().size() > 100)
    return invalid("A stock adjustment needs an idempotency key of 1 to 100 characters.");
  if (seen_key(s, adj.idempotency_key()))
    return std::vector<ProductEvent>{};
  const auto* v = find_variant(s, adj.variant_id());
  if (!v)
    return make_error(errc::not_found, "The product has no such variant.");
  if (adj.delta() == 0 || adj.delta() > max_adjustment || adj.delta() < -max_adjustment)
    return invalid("A stock adjustment changes stock by 1 to 1,000,000 units.");
  auto before = available_of(*v);
  if (before + adj.delta() < 0)
    return make_error(errc::conflict, "Only " + std::to_string(before)
                                        + " units are available to write off.");
  auto ev = at(cmd);
  *ev.mutable_stock_adjusted() = adj;
  return with_level(cmd, std::move(ev), *v, before, before + adj.delta());
}

result reserve_stock(const ProductState& s, const ProductCommand& cmd) {
  const auto& r = cmd.reserve_stock();
  if (r.reservation_id().empty() || r.reservation_id().size() > 100)
    return invalid("A reservation needs an id of 1 to 100 characters.");
  if (find_reservation(s, r.reservation_id()))
    return std::vector<ProductEvent>{};
  const auto* v = find_variant(s, r.variant_id());
  if (!v)
    return make_error(errc::not_found, "The product has no such variant.");
  if (r.quantity() < 1 || r.quantity() > max_reservation)
    return invalid("A reservation holds 1 to 100 units.");
  if (s.reservations_size() >= max_open_reservations)
    return make_error(errc::overloaded, "Too many open reservations for this product.");
  auto before = available_of(*v);
  if (before < r.quantity())
    return make_error(errc::conflict, before == 0 ? std::string{"This variant is out of stock."}
                                                  : "Only " + std::to_string(before) + " left in stock.");
  auto ev = at(cmd);
  *ev.mutable_stock_reserved() = r;
  return with_level(cmd, std::move(ev), *v, before, before - r.quantity());
}

result end_reservation(const ProductState& s, const ProductCommand& cmd) {
  const auto* r = find_reservation(s, cmd.end_reservation().reservation_id());
  if (!r)
    return make_error(errc::not_found, "No open reservation has this id.");
  const auto* v = find_variant(s, r->variant_id());
  auto before = available_of(*v);
  auto after = cmd.end_reservation().sold() ? before : before + r->quantity();
  auto ev = at(cmd);
  *ev.mutable_reservation_ended() = cmd.end_reservation();
  return with_level(cmd, std::move(ev), *v, before, after);
}

void remember_key(ProductState& s, const std::string& key) {
  auto* keys = s.mutable_recent_stock_keys();
  keys->Add()->assign(key);
  if (keys->size() > recent_stock_keys_kept)
    keys->DeleteSubrange(0, keys->size() - recent_stock_keys_kept);
}

void end(ProductState& s, const events::ReservationEnded& ended) {
  auto* open = s.mutable_reservations();
  for (int i = 0; i < open->size(); ++i) {
    const auto& r = open->Get(i);
    if (r.reservation_id() != ended.reservation_id())
      continue;
    if (auto* v = find_mutable(s, r.variant_id())) {
      v->set_reserved(v->reserved() - r.quantity());
      if (ended.sold())
        v->set_on_hand(v->on_hand() - r.quantity());
    }
    open->DeleteSubrange(i, 1);
    return;
  }
}

void remove(ProductState& s, const std::string& variant_id) {
  auto* all = s.mutable_variants();
  for (int i = 0; i < all->size(); ++i)
    if (all->Get(i).variant_id() == variant_id)
      return all->DeleteSubrange(i, 1);
}

} // namespace

std::string_view stock_level(int64_t available) {
  if (available <= 0)
    return "OUT_OF_STOCK";
  return available <= low_stock_threshold ? "LOW_STOCK" : "IN_STOCK";
}

int64_t available_of(const ProductVariant& v) {
  return v.on_hand() - v.reserved();
}

const ProductVariant* find_variant(const ProductState& s, const std::string& id) {
  for (const auto& v : s.variants())
    if (v.variant_id() == id)
      return &v;
  return nullptr;
}

caf::expected<std::vector<ProductEvent>> decide_stock(const ProductState& s, const ProductCommand& cmd) {
  switch (cmd.kind_case()) {
    case ProductCommand::kAddVariant: return add_variant(s, cmd);
    case ProductCommand::kRemoveVariant: return remove_variant(s, cmd);
    case ProductCommand::kAdjustStock: return adjust_stock(s, cmd);
    case ProductCommand::kReserveStock: return reserve_stock(s, cmd);
    case ProductCommand::kEndReservation: return end_reservation(s, cmd);
    default: return invalid("unknown product command");
  }
}

void evolve_stock(ProductState& s, const ProductEvent& ev) {
  switch (ev.kind_case()) {
    case ProductEvent::kVariantAdded: *s.add_variants() = ev.variant_added().variant(); break;
    case ProductEvent::kVariantRemoved: remove(s, ev.variant_removed().variant_id()); break;
    case ProductEvent::kStockAdjusted:
      if (auto* v = find_mutable(s, ev.stock_adjusted().variant_id()))
        v->set_on_hand(v->on_hand() + ev.stock_adjusted().delta());
      remember_key(s, ev.stock_adjusted().idempotency_key());
      break;
    case ProductEvent::kStockReserved: {
      const auto& r = ev.stock_reserved();
      if (auto* v = find_mutable(s, r.variant_id()))
        v->set_reserved(v->reserved() + r.quantity());
      auto* open = s.add_reservations();
      open->set_reservation_id(r.reservation_id());
      open->set_variant_id(r.variant_id());
      open->set_quantity(r.quantity());
      open->set_at(ev.at());
      break;
    }
    case ProductEvent::kReservationEnded: end(s, ev.reservation_ended()); break;
    default: break;
  }
}

} // namespace colors::domain::product
