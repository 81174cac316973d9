#pragma once
// The product aggregate: a brand's garment with its descriptive fields, price and status.
// Pure functions over the Protobuf types of schemas/events.proto (ProductCommand, ProductEvent,
// ProductState). Variants, stock and media come with the catalog work.
#include "events/types.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/expected.hpp>

#include <string_view>
#include <vector>

namespace colors::domain::product {

using command = events::ProductCommand;
using event = events::ProductEvent;
using state = events::ProductState;

inline constexpr std::string_view statuses[] = {"DRAFT", "ACTIVE", "ARCHIVED"};

// Why `fields` are not acceptable, or no error.
[[nodiscard]] caf::error validate(const events::ProductFields& fields);

[[nodiscard]] caf::expected<std::vector<event>> decide(const state& s, const command& cmd);
state evolve(state s, const event& ev);

events::new_event encode(const event& ev);
[[nodiscard]] caf::expected<event> decode(const events::envelope& env);

struct aggregate {
  using state_type = state;
  using command_type = command;
  using event_type = event;
  using reply_type = state;
  static constexpr const char* type = "product";
  static constexpr const char* snapshot_type = "colors.events.ProductState";
  static constexpr uint32_t snapshot_schema = 1;

  static auto decide(const state& s, const command& c) { return product::decide(s, c); }
  static state evolve(state s, const event& e) { return product::evolve(std::move(s), e); }
  static events::new_event encode(const event& e) { return product::encode(e); }
  static auto decode(const events::envelope& env) { return product::decode(env); }
  static std::string encode_state(const state& s) { return s.SerializeAsString(); }
  static caf::expected<state> decode_state(const std::string& bytes);
  static state reply(const state& s) { return s; }
};

} // namespace colors::domain::product

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::events::ProductCommand)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::events::ProductState)
