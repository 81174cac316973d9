#pragma once
// Kling's error codes (../shared/KLING.md, "Errors"): the HTTP status each comes with, its
// meaning and what a client should do about it. Pure; thread-safe.
#include <string_view>

namespace colors::tryon {

// What a client does after an error.
enum class kling_action {
  give_up, // fix the request or the configuration; retrying the same thing fails again
  remint,  // 1003/1004: mint a new JWT, then retry once
  retry,   // 1302, 1303, 5000-5002: retry later with (exponential) backoff
};

struct kling_error_info {
  int code = 0;
  unsigned http_status = 0;
  std::string_view message; // Kling's meaning, for logs and the simulator's bodies
  kling_action action = kling_action::give_up;
};

// The table row of `code`; codes outside the table are classified by their range (1000s auth,
// 1100s account, 1200s request, 1300s policy, 5000s server) and otherwise as 500 + give_up.
kling_error_info kling_error(int code);

// The table's codes, in order (for tests and documentation).
inline constexpr int kling_error_codes[] = {1000, 1001, 1002, 1003, 1004, 1100, 1101,
                                            1102, 1103, 1200, 1201, 1202, 1203, 1300,
                                            1301, 1302, 1303, 1304, 5000, 5001, 5002};

// Shorthands of kling_error(code).action.
inline bool is_retryable(int code) {
  return kling_error(code).action == kling_action::retry;
}
inline bool needs_remint(int code) {
  return kling_error(code).action == kling_action::remint;
}

} // namespace colors::tryon
