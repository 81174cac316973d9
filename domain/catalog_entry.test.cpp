#include "domain/catalog_entry.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::domain;
using catalog_entry::kind;

namespace {

catalog_entry::command create(const std::string& id, const std::string& name,
                              const std::string& parent = {}) {
  catalog_entry::command c;
  c.set_now(1000);
  c.mutable_create()->set_entry_id(id);
  c.mutable_create()->mutable_fields()->set_name(name);
  c.mutable_create()->mutable_fields()->set_parent_id(parent);
  return c;
}

std::optional<errc> refusal(kind k, const catalog_entry::state& s, const catalog_entry::command& c) {
  auto events = catalog_entry::decide(k, s, c);
  return events ? std::nullopt : code_of(events.error());
}

} // namespace

TEST_CASE("a brand is created once and then changed") {
  auto events = catalog_entry::decide(kind::brand, {}, create("b1", "Nordlys"));
  REQUIRE(events);
  auto s = catalog_entry::evolve({}, events->at(0));
  CHECK(s.exists());
  CHECK(s.fields().name() == "Nordlys");
  CHECK(refusal(kind::brand, s, create("b1", "Again")) == errc::duplicate);
  catalog_entry::command change;
  change.mutable_change()->mutable_fields()->set_name("Nordlys Studio");
  s = catalog_entry::evolve(s, catalog_entry::decide(kind::brand, s, change)->at(0));
  CHECK(s.fields().name() == "Nordlys Studio");
  CHECK(catalog_entry::decide(kind::brand, s, change)->empty()); // no change, no event
  CHECK(refusal(kind::brand, {}, change) == errc::not_found);
}

TEST_CASE("each kind accepts only its own fields") {
  CHECK(refusal(kind::brand, {}, create("b1", "")) == errc::invalid_argument);
  CHECK(refusal(kind::brand, {}, create("b1", "Nordlys", "c0")) == errc::invalid_argument);
  CHECK(refusal(kind::category, {}, create("c1", "Shirts", "c0")) == std::nullopt);
  CHECK(refusal(kind::category, {}, create("c1", "Shirts", "c1")) == errc::invalid_argument);
  auto with_products = create("k1", "Summer");
  with_products.mutable_create()->mutable_fields()->add_product_ids("p1");
  CHECK(refusal(kind::collection, {}, with_products) == std::nullopt);
  CHECK(refusal(kind::category, {}, with_products) == errc::invalid_argument);
  with_products.mutable_create()->mutable_fields()->add_product_ids("p1");
  CHECK(refusal(kind::collection, {}, with_products) == errc::invalid_argument);
}

TEST_CASE("the stream types of the kinds differ") {
  CHECK(std::string{catalog_entry::brand::type} == "brand");
  CHECK(std::string{catalog_entry::category::type} == "category");
  CHECK(std::string{catalog_entry::collection::type} == "collection");
}
