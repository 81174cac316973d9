// Seeds a data directory with a large catalog for bench/catalog.sh: the demo catalog's content
// (main/demo_catalog_data.hpp) at any size, decided by the real aggregates and appended straight
// to the event store (the server is not running), as brands, categories and published products
// with five stocked variants each. The catalog read model then comes from `colctl rebuild
// catalog`, which the benchmark times.
//   catalog_seed --data-dir DIR --products N
#include "common/errc.hpp"
#include "common/ids.hpp"
#include "domain/catalog_entry.hpp"
#include "domain/product.hpp"
#include "events/store.hpp"
#include "main/demo_catalog_data.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

using namespace colors;

namespace {

constexpr int64_t seeded_at = 1'796'000'000'000;

template <class Aggregate>
std::vector<events::new_event> run(typename Aggregate::state_type& s,
                                   const typename Aggregate::command_type& cmd) {
  auto decided = Aggregate::decide(s, cmd);
  if (!decided) {
    std::fprintf(stderr, "catalog_seed: %s\n", message_of(decided.error()).c_str());
    std::exit(1);
  }
  std::vector<events::new_event> out;
  for (const auto& ev : *decided) {
    s = Aggregate::evolve(std::move(s), ev);
    out.push_back(Aggregate::encode(ev));
  }
  return out;
}

struct seeder {
  events::store& db;
  std::vector<events::append_request> pending;

  void append(std::string stream, std::vector<events::new_event> evs) {
    pending.push_back({std::move(stream), events::expected_version::no_stream(), std::move(evs)});
    if (pending.size() >= 256)
      flush();
  }
  void flush() {
    auto outcome = db.commit(pending);
    for (const auto& r : outcome.results)
      if (!r) {
        std::fprintf(stderr, "catalog_seed: %s\n", message_of(r.error()).c_str());
        std::exit(1);
      }
    pending.clear();
  }
};

std::string entry(seeder& out, domain::catalog_entry::kind k, const std::string& name,
                  const std::string& parent = {}) {
  events::CatalogEntryCommand cmd;
  cmd.set_now(seeded_at);
  auto id = uuid_to_string(new_uuid());
  cmd.mutable_create()->set_entry_id(id);
  cmd.mutable_create()->mutable_fields()->set_name(name);
  cmd.mutable_create()->mutable_fields()->set_parent_id(parent);
  events::CatalogEntryState s;
  auto evs = k == domain::catalog_entry::kind::brand
               ? run<domain::catalog_entry::brand>(s, cmd)
               : run<domain::catalog_entry::category>(s, cmd);
  out.append(std::string{domain::catalog_entry::type_of(k)} + "-" + id, std::move(evs));
  return id;
}

events::ProductCommand command(int64_t at) {
  events::ProductCommand cmd;
  cmd.set_now(at);
  return cmd;
}

void product(seeder& out, const app::demo_product& p, const std::string& brand,
             const std::string& category, int64_t at) {
  using domain::product::aggregate;
  auto id = uuid_to_string(new_uuid());
  events::ProductState s;
  auto create = command(at);
  create.mutable_create()->set_product_id(id);
  create.mutable_create()->set_brand_id(brand);
  auto* f = create.mutable_create()->mutable_fields();
  f->set_name(p.name);
  f->set_description(p.description);
  f->set_category_id(category);
  f->set_colour(p.colour_name);
  f->set_has_colour_rgb(true);
  f->set_colour_rgb(p.rgb);
  f->set_material(p.material);
  f->set_price_minor(p.price_minor);
  f->set_currency("EUR");
  for (const auto& t : p.tags)
    f->add_tags(t);
  auto evs = run<aggregate>(s, create);
  for (const auto& v : p.variants) {
    auto add = command(at);
    auto* variant = add.mutable_add_variant()->mutable_variant();
    variant->set_variant_id(uuid_to_string(new_uuid()));
    variant->set_sku(v.sku);
    variant->set_size(v.size);
    for (auto& e : run<aggregate>(s, add))
      evs.push_back(std::move(e));
    if (v.stock == 0)
      continue;
    auto stock = command(at);
    stock.mutable_adjust_stock()->set_variant_id(variant->variant_id());
    stock.mutable_adjust_stock()->set_delta(v.stock);
    stock.mutable_adjust_stock()->set_idempotency_key("seed-" + v.sku);
    for (auto& e : run<aggregate>(s, stock))
      evs.push_back(std::move(e));
  }
  auto publish = command(at);
  publish.mutable_set_status()->set_status("ACTIVE");
  for (auto& e : run<aggregate>(s, publish))
    evs.push_back(std::move(e));
  out.append("product-" + id, std::move(evs));
}

} // namespace

int main(int argc, char** argv) {
  std::string dir;
  size_t products = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--data-dir"))
      dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--products"))
      products = std::strtoull(argv[i + 1], nullptr, 10);
  }
  if (dir.empty() || products == 0) {
    std::fprintf(stderr, "usage: catalog_seed --data-dir DIR --products N\n");
    return 2;
  }
  events::store_options opts;
  opts.path = dir;
  auto db = events::store::open(opts);
  if (!db) {
    std::fprintf(stderr, "catalog_seed: %s\n", message_of(db.error()).c_str());
    return 1;
  }
  seeder out{**db, {}};
  auto catalog = app::make_demo_catalog(products);
  std::map<std::string, std::string> brands, categories;
  for (const auto& [name, blurb] : catalog.brands)
    brands[name] = entry(out, domain::catalog_entry::kind::brand, name);
  for (const auto& c : catalog.categories)
    categories[c.name] = entry(out, domain::catalog_entry::kind::category, c.name,
                               c.parent.empty() ? "" : categories.at(c.parent));
  for (size_t i = 0; i < catalog.products.size(); ++i) {
    const auto& p = catalog.products[i];
    product(out, p, brands.at(p.brand), categories.at(p.category), seeded_at + static_cast<int64_t>(i));
  }
  out.flush();
  if (auto err = (*db)->flush()) {
    std::fprintf(stderr, "catalog_seed: %s\n", message_of(err).c_str());
    return 1;
  }
  std::printf("%llu\n", static_cast<unsigned long long>((*db)->last_seq()));
  return 0;
}
