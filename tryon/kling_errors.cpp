#include "tryon/kling_errors.hpp"

namespace colors::tryon {

namespace {

using enum kling_action;

constexpr kling_error_info table[] = {
    {1000, 401, "Authentication failed", give_up},
    {1001, 401, "Authorization is empty", give_up},
    {1002, 401, "Authorization is invalid", give_up},
    {1003, 401, "Authorization is not yet valid", remint},
    {1004, 401, "Authorization has expired", remint},
    {1100, 429, "Account exception", give_up},
    {1101, 429, "Account in arrears", give_up},
    {1102, 429, "Resource pack depleted or expired", give_up},
    {1103, 403, "Unauthorized access to requested resource", give_up},
    {1200, 400, "Invalid request parameters", give_up},
    {1201, 400, "Invalid parameters", give_up},
    {1202, 404, "The requested method is invalid", give_up},
    {1203, 404, "The requested resource does not exist", give_up},
    {1300, 400, "Trigger strategy of the platform", give_up},
    {1301, 400, "Trigger the content security policy of the platform", give_up},
    {1302, 429, "The API request is too fast", retry},
    {1303, 429, "Concurrency or QPS exceeds the prepaid resource package limit", retry},
    {1304, 429, "Trigger the platform's IP whitelisting policy", give_up},
    {5000, 500, "Server internal error", retry},
    {5001, 503, "Server temporarily unavailable, usually due to maintenance", retry},
    {5002, 504, "Server internal timeout, usually due to a backlog", retry},
};

kling_error_info by_range(int code) {
  if (code >= 1000 && code < 1100)
    return {code, 401, "Authentication failed", give_up};
  if (code >= 1100 && code < 1200)
    return {code, 429, "Account problem", give_up};
  if (code >= 1200 && code < 1300)
    return {code, 400, "Invalid request", give_up};
  if (code >= 1300 && code < 1400)
    return {code, 400, "Policy triggered", give_up};
  if (code >= 5000 && code < 6000)
    return {code, 500, "Server error", retry};
  return {code, 500, "Unknown error", give_up};
}

} // namespace

kling_error_info kling_error(int code) {
  for (const auto& row : table)
    if (row.code == code)
      return row;
  return by_range(code);
}

} // namespace colors::tryon
