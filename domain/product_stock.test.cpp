#include "domain/product.hpp"
#include "domain/product_stock.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::domain;

namespace {

product::command base(int64_t now = 1000) {
  product::command c;
  c.set_now(now);
  return c;
}

product::state created() {
  auto c = base();
  auto* cr = c.mutable_create();
  cr->set_product_id("p1");
  cr->set_brand_id("b1");
  cr->mutable_fields()->set_name("Linen shirt");
  cr->mutable_fields()->set_price_minor(4900);
  cr->mutable_fields()->set_currency("EUR");
  return product::evolve({}, product::decide({}, c)->at(0));
}

product::command add_variant(const std::string& id, const std::string& sku, const std::string& size) {
  auto c = base();
  auto* v = c.mutable_add_variant()->mutable_variant();
  v->set_variant_id(id);
  v->set_sku(sku);
  v->set_size(size);
  v->set_colour("navy");
  v->set_on_hand(99); // ignored: stock starts at zero
  return c;
}

product::command adjust(const std::string& variant, int64_t delta, const std::string& key) {
  auto c = base();
  auto* a = c.mutable_adjust_stock();
  a->set_variant_id(variant);
  a->set_delta(delta);
  a->set_idempotency_key(key);
  return c;
}

product::command reserve(const std::string& id, const std::string& variant, int64_t quantity) {
  auto c = base();
  auto* r = c.mutable_reserve_stock();
  r->set_reservation_id(id);
  r->set_variant_id(variant);
  r->set_quantity(quantity);
  return c;
}

product::command end(const std::string& id, bool sold) {
  auto c = base();
  c.mutable_end_reservation()->set_reservation_id(id);
  c.mutable_end_reservation()->set_sold(sold);
  return c;
}

// Applies `c`; returns the events it produced.
std::vector<product::event> run(product::state& s, const product::command& c) {
  auto events = product::decide(s, c);
  REQUIRE_MESSAGE(events, (events ? "" : message_of(events.error())));
  for (const auto& ev : *events)
    s = product::evolve(std::move(s), ev);
  return *events;
}

errc refused(const product::state& s, const product::command& c) {
  auto events = product::decide(s, c);
  REQUIRE_FALSE(events);
  return *code_of(events.error());
}

const events::ProductVariant& variant(const product::state& s, const std::string& id) {
  const auto* v = product::find_variant(s, id);
  REQUIRE(v);
  return *v;
}

} // namespace

TEST_CASE("variants are size x colour with a unique SKU and start with no stock") {
  auto s = created();
  run(s, add_variant("v1", "LS-NAVY-M", "M"));
  CHECK(variant(s, "v1").on_hand() == 0);
  CHECK(refused(s, add_variant("v2", "LS-NAVY-M", "L")) == errc::duplicate);
  CHECK(refused(s, add_variant("v2", "LS-NAVY-M2", "M")) == errc::duplicate);
  CHECK(refused(s, add_variant("v2", "bad sku!", "L")) == errc::invalid_argument);
  CHECK(refused(s, add_variant("v2", "LS-2", "")) == errc::invalid_argument);
  run(s, add_variant("v2", "LS-NAVY-L", "L"));
  CHECK(s.variants_size() == 2);
}

TEST_CASE("a stock adjustment is applied once per idempotency key") {
  auto s = created();
  run(s, add_variant("v1", "SKU-1", "M"));
  auto events = run(s, adjust("v1", 10, "delivery-1"));
  CHECK(variant(s, "v1").on_hand() == 10);
  REQUIRE(events.size() == 2);
  CHECK(events[1].stock_level_changed().level() == "IN_STOCK");
  CHECK(run(s, adjust("v1", 10, "delivery-1")).empty());
  CHECK(variant(s, "v1").on_hand() == 10);
  CHECK(refused(s, adjust("v1", 5, "")) == errc::invalid_argument);
  CHECK(refused(s, adjust("v1", 0, "k0")) == errc::invalid_argument);
  CHECK(refused(s, adjust("nope", 1, "k1")) == errc::not_found);
  CHECK(refused(s, adjust("v1", -11, "k2")) == errc::conflict);
}

TEST_CASE("reservations never take availability below zero") {
  auto s = created();
  run(s, add_variant("v1", "SKU-1", "M"));
  run(s, adjust("v1", 3, "in"));
  CHECK(run(s, reserve("r1", "v1", 2)).size() == 1); // LOW_STOCK before and after: no level event
  CHECK(product::available_of(variant(s, "v1")) == 1);
  CHECK(refused(s, reserve("r2", "v1", 2)) == errc::conflict);
  CHECK(run(s, reserve("r1", "v1", 2)).empty()); // the same reservation again changes nothing
  auto events = run(s, reserve("r2", "v1", 1));
  CHECK(events.back().stock_level_changed().level() == "OUT_OF_STOCK");
  CHECK(refused(s, reserve("r3", "v1", 1)) == errc::conflict);
  CHECK(refused(s, adjust("v1", -1, "shrink")) == errc::conflict); // reserved units stay
}

TEST_CASE("ending a reservation releases or sells its units") {
  auto s = created();
  run(s, add_variant("v1", "SKU-1", "M"));
  run(s, adjust("v1", 10, "in"));
  run(s, reserve("r1", "v1", 4));
  run(s, reserve("r2", "v1", 3));
  run(s, end("r1", false));
  CHECK(variant(s, "v1").on_hand() == 10);
  CHECK(variant(s, "v1").reserved() == 3);
  run(s, end("r2", true));
  CHECK(variant(s, "v1").on_hand() == 7);
  CHECK(variant(s, "v1").reserved() == 0);
  CHECK(s.reservations_size() == 0);
  CHECK(refused(s, end("r2", true)) == errc::not_found);
}

TEST_CASE("a variant with reserved units cannot be removed") {
  auto s = created();
  run(s, add_variant("v1", "SKU-1", "M"));
  run(s, adjust("v1", 2, "in"));
  run(s, reserve("r1", "v1", 1));
  auto remove = base();
  remove.mutable_remove_variant()->set_variant_id("v1");
  CHECK(refused(s, remove) == errc::conflict);
  run(s, end("r1", false));
  run(s, remove);
  CHECK(s.variants_size() == 0);
}

TEST_CASE("only the latest idempotency keys are kept") {
  auto s = created();
  run(s, add_variant("v1", "SKU-1", "M"));
  for (int i = 0; i < product::recent_stock_keys_kept + 5; ++i)
    run(s, adjust("v1", 1, "k" + std::to_string(i)));
  CHECK(s.recent_stock_keys_size() == product::recent_stock_keys_kept);
  CHECK(s.recent_stock_keys(0) == "k5");
}
