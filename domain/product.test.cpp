#include "domain/product.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::domain;

namespace {

product::command create_cmd(const std::string& name = "Linen shirt", int64_t price = 4900) {
  product::command c;
  c.set_now(1000);
  auto* cr = c.mutable_create();
  cr->set_product_id("p1");
  cr->set_brand_id("b1");
  cr->mutable_fields()->set_name(name);
  cr->mutable_fields()->set_price_minor(price);
  cr->mutable_fields()->set_currency("EUR");
  return c;
}

product::state apply(product::state s, const product::command& c) {
  auto events = product::decide(s, c);
  REQUIRE_MESSAGE(events, (events ? "" : message_of(events.error())));
  for (const auto& ev : *events)
    s = product::evolve(std::move(s), ev);
  return s;
}

} // namespace

TEST_CASE("a product is created once, as a draft of its brand, with valid fields only") {
  auto s = apply({}, create_cmd());
  CHECK(s.exists());
  CHECK(s.brand_id() == "b1");
  CHECK(s.status() == "DRAFT");
  CHECK(code_of(product::decide(s, create_cmd()).error()) == errc::duplicate);
  CHECK(code_of(product::decide({}, create_cmd("")).error()) == errc::invalid_argument);
  CHECK(code_of(product::decide({}, create_cmd("x", -1)).error()) == errc::invalid_argument);
  auto bad_currency = create_cmd();
  bad_currency.mutable_create()->mutable_fields()->set_currency("euro");
  CHECK(code_of(product::decide({}, bad_currency).error()) == errc::invalid_argument);
}

TEST_CASE("changes and status moves apply; a no-op changes nothing; unknown products are not found") {
  auto s = apply({}, create_cmd());
  product::command change;
  change.set_now(2000);
  *change.mutable_change()->mutable_fields() = s.fields();
  CHECK(product::decide(s, change)->empty());
  change.mutable_change()->mutable_fields()->set_price_minor(3900);
  s = apply(s, change);
  CHECK(s.fields().price_minor() == 3900);
  CHECK(s.updated_at() == 2000);
  product::command status;
  status.set_now(3000);
  status.mutable_set_status()->set_status("ACTIVE");
  s = apply(s, status);
  CHECK(s.status() == "ACTIVE");
  status.mutable_set_status()->set_status("SOLD");
  CHECK(code_of(product::decide(s, status).error()) == errc::invalid_argument);
  CHECK(code_of(product::decide({}, change).error()) == errc::not_found);
}
