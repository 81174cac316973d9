#pragma once
// What a shopper reads when a try-on fails: Kling's codes and task failures in words a person
// can act on (Kling's own message stays in the event's `detail` for operators). Pure.
#include "tryon/kling_client.hpp"

#include <string>
#include <string_view>

namespace colors::tryon {

// Our own codes beside Kling's and the client's (kling_circuit_open, kling_queue_full,
// kling_client_stopped).
inline constexpr int images_unavailable_code = -10; // our photo or garment image is gone
inline constexpr int lost_code = -11;               // Kling lost the task twice
inline constexpr int download_failed_code = -12;    // the result could not be fetched or stored

// For a request error (a non-zero code) or, with code 0, a task Kling reports as failed with
// `kling_message` (its task_status_msg).
std::string shopper_message(int code, std::string_view kling_message);

} // namespace colors::tryon
