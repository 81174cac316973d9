#include "projections/catalog.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"
#include "domain/product.hpp"

#include <algorithm>
#include <mutex>

namespace colors::projections {

namespace {

using domain::catalog_entry::kind;

constexpr std::string_view product_prefix = "p/";

std::string entry_key(kind k, const std::string& id) {
  return std::string{domain::catalog_entry::type_of(k)} + "/" + id;
}

// The stream type and id of "product-<id>".
std::pair<std::string_view, std::string> split_stream(const std::string& stream) {
  auto dash = stream.find('-');
  if (dash == std::string::npos)
    return {};
  return {std::string_view{stream}.substr(0, dash), stream.substr(dash + 1)};
}

std::optional<kind> entry_kind_of(std::string_view type) {
  for (auto k : {kind::brand, kind::category, kind::collection})
    if (type == domain::catalog_entry::type_of(k))
      return k;
  return std::nullopt;
}

void log_undecodable(const events::envelope& env, const caf::error& err) {
  log(log_level::error, "catalog: skipping an event that does not decode",
      {{"stream", env.stream_id()}, {"seq", std::to_string(env.global_seq())}, {"error", message_of(err)}});
}

// The index refuses only what the aggregates never produce (an empty id, a category cycle).
void log_if_refused(const caf::error& err, const std::string& id) {
  if (err)
    log(log_level::error, "catalog: the search index refused a change",
        {{"id", id}, {"error", message_of(err)}});
}

// Units that a ReservationEnded with sold=true takes out of stock.
int64_t units_sold_by(const events::ProductState& before, const events::ProductEvent& ev) {
  if (!ev.has_reservation_ended() || !ev.reservation_ended().sold())
    return 0;
  for (const auto& r : before.reservations())
    if (r.reservation_id() == ev.reservation_ended().reservation_id())
      return r.quantity();
  return 0;
}

bool by_name(const events::CatalogEntryState& a, const events::CatalogEntryState& b) {
  return std::tie(a.fields().name(), a.entry_id()) < std::tie(b.fields().name(), b.entry_id());
}

} // namespace

std::vector<catalog_record> catalog::apply(const std::vector<events::envelope>& batch) {
  std::vector<catalog_record> changed;
  std::unique_lock lock{mutex_};
  for (const auto& env : batch) {
    if (env.global_seq() < position_)
      continue;
    apply_one(env, changed);
    position_ = env.global_seq() + 1;
  }
  return changed;
}

void catalog::apply_one(const events::envelope& env, std::vector<catalog_record>& changed) {
  auto [type, id] = split_stream(env.stream_id());
  if (type == domain::product::aggregate::type)
    return apply_product(id, env, changed);
  if (auto k = entry_kind_of(type))
    apply_entry(*k, id, env, changed);
}

void catalog::apply_product(const std::string& id, const events::envelope& env,
                            std::vector<catalog_record>& changed) {
  auto ev = domain::product::decode(env);
  if (!ev)
    return log_undecodable(env, ev.error());
  auto& entry = products_[id];
  entry.units_sold += units_sold_by(entry.state, *ev);
  entry.state = domain::product::evolve(std::move(entry.state), *ev);
  entry.state.clear_recent_stock_keys(); // the entity's business; listings copy states
  reindex(id);
  changed.push_back(product_record(id));
}

void catalog::apply_entry(kind k, const std::string& id, const events::envelope& env,
                          std::vector<catalog_record>& changed) {
  auto ev = domain::catalog_entry::decode(env);
  if (!ev)
    return log_undecodable(env, ev.error());
  auto& s = entries_of(k)[id];
  s = domain::catalog_entry::evolve(std::move(s), *ev);
  index_entry(k, s);
  changed.push_back({entry_key(k, id), s.SerializeAsString()});
}

void catalog::index_entry(kind k, const events::CatalogEntryState& s) {
  if (k == kind::brand)
    index_.rename_brand(s.entry_id(), s.fields().name());
  else if (k == kind::category)
    log_if_refused(index_.set_category(s.entry_id(), s.fields().parent_id(), s.fields().name()),
                   s.entry_id());
}

void catalog::reindex(const std::string& product_id) {
  const auto& entry = products_.at(product_id);
  if (entry.state.status() != "ACTIVE") {
    index_.remove(product_id);
    return;
  }
  auto brand = brands_.find(entry.state.brand_id());
  log_if_refused(index_.upsert(doc_of(entry.state,
                                      brand == brands_.end() ? "" : brand->second.fields().name(),
                                      entry.units_sold)),
                 product_id);
}

catalog_record catalog::product_record(const std::string& id) const {
  const auto& entry = products_.at(id);
  events::CatalogProductRecord rec;
  *rec.mutable_state() = entry.state;
  rec.set_units_sold(entry.units_sold);
  return {std::string{product_prefix} + id, rec.SerializeAsString()};
}

caf::error catalog::load(const std::string& key, const std::string& value) {
  std::unique_lock lock{mutex_};
  if (key.starts_with(product_prefix)) {
    events::CatalogProductRecord rec;
    if (!rec.ParseFromString(value))
      return make_error(errc::corrupt, "catalog record " + key + " does not decode");
    auto id = key.substr(product_prefix.size());
    products_[id] = {rec.state(), rec.units_sold()};
    return {};
  }
  auto slash = key.find('/');
  events::CatalogEntryState s;
  if (slash == std::string::npos || !s.ParseFromString(value))
    return make_error(errc::corrupt, "catalog record " + key + " does not decode");
  auto k = entry_kind_of(std::string_view{key}.substr(0, slash));
  if (!k)
    return make_error(errc::corrupt, "catalog record " + key + " is of no known kind");
  index_entry(*k, s);
  entries_of(*k)[key.substr(slash + 1)] = std::move(s);
  return {};
}

void catalog::finish_load(uint64_t next_seq) {
  std::unique_lock lock{mutex_};
  position_ = next_seq;
  // Products are indexed once every brand name is known.
  for (const auto& [id, entry] : products_)
    reindex(id);
}

uint64_t catalog::position() const {
  std::shared_lock lock{mutex_};
  return position_;
}

std::vector<catalog_record> catalog::all_records() const {
  std::shared_lock lock{mutex_};
  std::vector<catalog_record> out;
  for (const auto& [id, entry] : products_)
    out.push_back(product_record(id));
  for (auto k : {kind::brand, kind::category, kind::collection})
    for (const auto& [id, s] : entries_of(k))
      out.push_back({entry_key(k, id), s.SerializeAsString()});
  return out;
}

std::optional<events::ProductState> catalog::product(const std::string& id) const {
  std::shared_lock lock{mutex_};
  auto it = products_.find(id);
  if (it == products_.end())
    return std::nullopt;
  return it->second.state;
}

std::vector<events::ProductState> catalog::products(const std::vector<std::string>& ids) const {
  std::vector<events::ProductState> out;
  out.reserve(ids.size());
  visit_products(ids, [&](size_t, const events::ProductState& state) { out.push_back(state); });
  return out;
}

void catalog::visit_products(
    const std::vector<std::string>& ids,
    const std::function<void(size_t, const events::ProductState&)>& visit) const {
  std::shared_lock lock{mutex_};
  for (size_t i = 0; i < ids.size(); ++i)
    if (auto it = products_.find(ids[i]); it != products_.end())
      visit(i, it->second.state);
}

const events::CatalogEntryState* catalog::existing_entry(kind k, const std::string& id) const {
  const auto& all = entries_of(k);
  auto it = all.find(id);
  return it == all.end() || !it->second.exists() ? nullptr : &it->second;
}

std::optional<events::CatalogEntryState> catalog::entry(kind k, const std::string& id) const {
  std::shared_lock lock{mutex_};
  const auto* found = existing_entry(k, id);
  return found ? std::optional{*found} : std::nullopt;
}

std::optional<std::string> catalog::entry_name(kind k, const std::string& id) const {
  std::shared_lock lock{mutex_};
  const auto* found = existing_entry(k, id);
  return found ? std::optional{found->fields().name()} : std::nullopt;
}

std::vector<events::CatalogEntryState> catalog::entries(kind k, size_t limit) const {
  std::vector<events::CatalogEntryState> out;
  {
    std::shared_lock lock{mutex_};
    for (const auto& [id, s] : entries_of(k))
      out.push_back(s);
  }
  std::sort(out.begin(), out.end(), by_name);
  if (out.size() > limit)
    out.resize(limit);
  return out;
}

std::vector<events::CatalogEntryState> catalog::child_categories(const std::string& parent_id) const {
  std::vector<events::CatalogEntryState> out;
  {
    std::shared_lock lock{mutex_};
    for (const auto& [id, s] : categories_)
      if (s.fields().parent_id() == parent_id)
        out.push_back(s);
  }
  std::sort(out.begin(), out.end(), by_name);
  return out;
}

caf::expected<catalog_page> catalog::search(const catalog_query& q) const {
  std::shared_lock lock{mutex_};
  return index_.search(q);
}

size_t catalog::published() const {
  std::shared_lock lock{mutex_};
  return index_.size();
}

catalog::entries_by_id& catalog::entries_of(kind k) {
  return k == kind::brand ? brands_ : k == kind::category ? categories_ : collections_;
}

const catalog::entries_by_id& catalog::entries_of(kind k) const {
  return k == kind::brand ? brands_ : k == kind::category ? categories_ : collections_;
}

} // namespace colors::projections
