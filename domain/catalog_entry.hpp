#pragma once
// Brands, categories and collections: named catalog entries that platform admins manage. One
// pure aggregate (create once, then replace the fields) over the Protobuf types of
// schemas/events.proto; the kind decides the stream type and what fields are valid.
#include "events/types.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/expected.hpp>

#include <vector>

namespace colors::domain::catalog_entry {

using command = events::CatalogEntryCommand;
using event = events::CatalogEntryEvent;
using state = events::CatalogEntryState;

enum class kind { brand, category, collection };

// Why `fields` are not acceptable for an entry of kind `k` with id `id`, or no error.
[[nodiscard]] caf::error validate(kind k, const std::string& id, const events::CatalogEntryFields& fields);

[[nodiscard]] caf::expected<std::vector<event>> decide(kind k, const state& s, const command& cmd);
state evolve(state s, const event& ev);

events::new_event encode(const event& ev);
[[nodiscard]] caf::expected<event> decode(const events::envelope& env);
[[nodiscard]] caf::expected<state> decode_state(const std::string& bytes);

// The stream type of each kind: "brand", "category", "collection".
constexpr const char* type_of(kind k) {
  return k == kind::brand ? "brand" : k == kind::category ? "category" : "collection";
}

template <kind K>
struct aggregate {
  using state_type = state;
  using command_type = command;
  using event_type = event;
  using reply_type = state;
  static constexpr const char* type = type_of(K);
  static constexpr const char* snapshot_type = "colors.events.CatalogEntryState";
  static constexpr uint32_t snapshot_schema = 1;

  static auto decide(const state& s, const command& c) { return catalog_entry::decide(K, s, c); }
  static state evolve(state s, const event& e) { return catalog_entry::evolve(std::move(s), e); }
  static events::new_event encode(const event& e) { return catalog_entry::encode(e); }
  static auto decode(const events::envelope& env) { return catalog_entry::decode(env); }
  static std::string encode_state(const state& s) { return s.SerializeAsString(); }
  static caf::expected<state> decode_state(const std::string& b) { return catalog_entry::decode_state(b); }
  static state reply(const state& s) { return s; }
};

using brand = aggregate<kind::brand>;
using category = aggregate<kind::category>;
using collection = aggregate<kind::collection>;

} // namespace colors::domain::catalog_entry

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::events::CatalogEntryCommand)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::events::CatalogEntryState)
