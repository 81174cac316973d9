#pragma once
// The try-on task aggregate: one shopper's request to see a garment on their photo, from the
// request through Kling (submitting, submitted, processing) to a stored result or a failure.
// Pure functions over the Protobuf types of schemas/events.proto (TryOnTaskCommand,
// TryOnTaskEvent, TryOnTaskState); the work itself (Kling calls, images) is tryon/task_runner.
//
// Statuses: REQUESTED -> SUBMITTING -> SUBMITTED -> PROCESSING -> SUCCEEDED | FAILED, with
// RETRIED taking a task Kling lost back to REQUESTED (once), and a cached result going from
// REQUESTED straight to SUCCEEDED. Commands that repeat what already happened (a duplicate
// callback, a late poll) produce no events; commands that contradict a final state are refused.
#include "events/types.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/expected.hpp>

#include <string_view>
#include <vector>

namespace colors::domain::tryon_task {

using command = events::TryOnTaskCommand;
using event = events::TryOnTaskEvent;
using state = events::TryOnTaskState;

inline constexpr std::string_view requested = "REQUESTED";
inline constexpr std::string_view submitting = "SUBMITTING";
inline constexpr std::string_view submitted = "SUBMITTED";
inline constexpr std::string_view processing = "PROCESSING";
inline constexpr std::string_view succeeded = "SUCCEEDED";
inline constexpr std::string_view failed = "FAILED";

// How many times a task Kling lost is submitted again before it fails.
inline constexpr int max_retries = 1;

inline bool exists(const state& s) { return !s.request().task_id().empty(); }
bool is_final(const state& s);
// The status as the API shows it: REQUESTED and SUBMITTING are SUBMITTED to a shopper.
std::string_view public_status(std::string_view status);

[[nodiscard]] caf::expected<std::vector<event>> decide(const state& s, const command& cmd);
state evolve(state s, const event& ev);
// The status an event leads to (for views of a past version); empty for none.
std::string_view status_after(const event& ev);

events::new_event encode(const event& ev);
[[nodiscard]] caf::expected<event> decode(const events::envelope& env);

struct aggregate {
  using state_type = state;
  using command_type = command;
  using event_type = event;
  using reply_type = state;
  static constexpr const char* type = "tryon";
  static constexpr const char* snapshot_type = "colors.events.TryOnTaskState";
  static constexpr uint32_t snapshot_schema = 1;
  static auto decide(const state& s, const command& c) { return tryon_task::decide(s, c); }
  static state evolve(state s, const event& e) { return tryon_task::evolve(std::move(s), e); }
  static events::new_event encode(const event& e) { return tryon_task::encode(e); }
  static auto decode(const events::envelope& env) { return tryon_task::decode(env); }
  static std::string encode_state(const state& s) { return s.SerializeAsString(); }
  static caf::expected<state> decode_state(const std::string& bytes);
  static state reply(const state& s) { return s; }
  // Kept active (and re-activated after a restart) until it succeeds or fails.
  static bool remembered(const state& s) { return exists(s) && !is_final(s); }
};

} // namespace colors::domain::tryon_task

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::events::TryOnTaskCommand)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(colors::events::TryOnTaskState)
