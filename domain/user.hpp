#pragma once
// The user aggregate: account, credentials, sessions (refresh-token families) and roles.
//
// Pure functions over the Protobuf types of schemas/events.proto (UserCommand, UserEvent,
// UserState): no actors, clocks, randomness or crypto here. The identity service hashes
// passwords and tokens, seals personal fields and reads the clock before it sends a command;
// decide only compares and records.
//
// Refresh tokens rotate: each family keeps the hash of its current token; presenting any other
// token of the family (an already rotated one) revokes the whole family.
#include "events/types.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/expected.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace colors::domain::user {

using command = events::UserCommand;
using event = events::UserEvent;
using state = events::UserState;

inline constexpr size_t max_sessions = 10; // per user; the oldest ends when one more starts

// The roles there are. BRAND_ADMIN is scoped to brands.
inline constexpr std::string_view roles[] = {"CUSTOMER", "CONTENT_CREATOR", "BRAND_ADMIN",
                                             "PLATFORM_ADMIN"};
bool is_role(std::string_view role);
bool has_role(const state& s, std::string_view role);
// Whether the user administers `brand_id` (as its BRAND_ADMIN).
bool administers_brand(const state& s, std::string_view brand_id);
const events::UserSession* session_of(const state& s, std::string_view family_id);

[[nodiscard]] caf::expected<std::vector<event>> decide(const state& s, const command& cmd);
state evolve(state s, const event& ev);

events::new_event encode(const event& ev);
[[nodiscard]] caf::expected<event> decode(const events::envelope& env);
std::string encode_state(const state& s);
[[nodiscard]] caf::expected<state> decode_state(const std::string& bytes);

// The aggregate as the generic entity actor (actors/entity.hpp) sees it.
struct aggregate {
  using state_type = state;
  using command_type = command;
  using event_type = event;
  using reply_type = state;
  static constexpr const char* type = "user";
  static constexpr const char* snapshot_type = "colors.events.UserState";
  static constexpr uint32_t snapshot_schema = 1;

  static auto decide(const state& s, const command& c) { return user::decide(s, c); }
  static state evolve(state s, const event& e) { return user::evolve(std::move(s), e); }
  static events::new_event encode(const event& e) { return user::encode(e); }
  static auto decode(const events::envelope& env) { return user::decode(env); }
  static std::string encode_state(const state& s) { return user::encode_state(s); }
  static auto decode_state(const std::string& b) { return user::decode_state(b); }
  static state reply(const state& s) { return s; }
};

} // namespace colors::domain::user

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::events::UserCommand)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::events::UserState)
