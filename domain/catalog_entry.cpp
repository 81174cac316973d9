#include "domain/catalog_entry.hpp"

#include "common/errc.hpp"
#include "domain/codec.hpp"

#include <set>

namespace colors::domain::catalog_entry {

namespace {

using events::CatalogEntryCommand;
using result = caf::expected<std::vector<event>>;

constexpr const char* event_type = "colors.events.CatalogEntryEvent";
constexpr int max_collection_size = 500;

caf::error invalid(std::string message) {
  return make_error(errc::invalid_argument, std::move(message));
}

caf::error validate_collection(const events::CatalogEntryFields& f) {
  if (f.product_ids_size() > max_collection_size)
    return invalid("A collection holds at most 500 products.");
  std::set<std::string> seen;
  for (const auto& id : f.product_ids())
    if (id.empty() || !seen.insert(id).second)
      return invalid("A collection lists each product once.");
  return {};
}

caf::error validate_shape(kind k, const std::string& id, const events::CatalogEntryFields& f) {
  if (k != kind::category && !f.parent_id().empty())
    return invalid("Only categories have a parent.");
  if (k == kind::category && f.parent_id() == id)
    return invalid("A category cannot be its own parent.");
  if (k != kind::collection && f.product_ids_size() > 0)
    return invalid("Only collections list products.");
  return k == kind::collection ? validate_collection(f) : caf::error{};
}

} // namespace

caf::error validate(kind k, const std::string& id, const events::CatalogEntryFields& f) {
  if (f.name().empty() || f.name().size() > 100)
    return invalid("The name must have 1 to 100 characters.");
  if (f.description().size() > 2000)
    return invalid("The description must have at most 2000 characters.");
  return validate_shape(k, id, f);
}

caf::expected<std::vector<event>> decide(kind k, const state& s, const command& cmd) {
  event ev;
  ev.set_at(cmd.now());
  switch (cmd.kind_case()) {
    case CatalogEntryCommand::kCreate: {
      if (s.exists())
        return make_error(errc::duplicate, std::string{"this "} + type_of(k) + " already exists");
      if (auto err = validate(k, cmd.create().entry_id(), cmd.create().fields()))
        return err;
      *ev.mutable_created() = cmd.create();
      break;
    }
    case CatalogEntryCommand::kChange: {
      if (!s.exists())
        return make_error(errc::not_found, std::string{"No such "} + type_of(k) + ".");
      if (auto err = validate(k, s.entry_id(), cmd.change().fields()))
        return err;
      if (s.fields().SerializeAsString() == cmd.change().fields().SerializeAsString())
        return std::vector<event>{};
      *ev.mutable_changed() = cmd.change();
      break;
    }
    default: return invalid("unknown catalog command");
  }
  return std::vector<event>{std::move(ev)};
}

state evolve(state s, const event& ev) {
  s.set_revision(s.revision() + 1);
  s.set_updated_at(ev.at());
  if (ev.has_created()) {
    s.set_entry_id(ev.created().entry_id());
    s.set_exists(true);
    s.set_created_at(ev.at());
    *s.mutable_fields() = ev.created().fields();
  } else if (ev.has_changed()) {
    *s.mutable_fields() = ev.changed().fields();
  }
  return s;
}

events::new_event encode(const event& ev) {
  return encode_message(event_type, ev);
}

caf::expected<event> decode(const events::envelope& env) {
  return decode_event<event>(env, event_type, "catalog");
}

caf::expected<state> decode_state(const std::string& bytes) {
  return decode_snapshot<state>(bytes, "catalog entry");
}

} // namespace colors::domain::catalog_entry
