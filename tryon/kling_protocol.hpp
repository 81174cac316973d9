#pragma once
// Kling's Kolors Virtual Try-On protocol (../shared/KLING.md): the create request, the task
// object, and the `{code, message, request_id, data}` envelope, as values with Boost.JSON
// conversions. Parsing is tolerant: unknown fields are ignored, missing optional ones default.
// Pure; thread-safe.
#include <boost/json.hpp>
#include <caf/expected.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colors::tryon {

inline constexpr std::string_view kling_try_on_path = "/v1/images/kolors-virtual-try-on";
inline constexpr std::string_view kling_model_v1 = "kolors-virtual-try-on-v1";
inline constexpr std::string_view kling_model_v1_5 = "kolors-virtual-try-on-v1-5";

bool is_known_model(std::string_view model_name);

enum class task_status { submitted, processing, succeed, failed };

// "submitted", "processing", "succeed", "failed" (Kling's spelling).
std::string_view to_string(task_status s);
std::optional<task_status> parse_task_status(std::string_view text);
// succeed or failed: the task holds no concurrency slot any more.
inline bool is_final(task_status s) {
  return s == task_status::succeed || s == task_status::failed;
}

struct create_task_request {
  std::string model_name{kling_model_v1};
  std::string human_image; // raw Base64 or a URL
  std::string cloth_image;
  std::optional<std::string> callback_url;
  std::optional<std::string> external_task_id;
};

boost::json::object to_json(const create_task_request& r);
// invalid_argument when a present field has the wrong type; missing images are left empty
// (whether they are required is the server's validation, with its own Kling code).
[[nodiscard]] caf::expected<create_task_request>
parse_create_task_request(const boost::json::value& v);

struct result_image {
  int64_t index = 0;
  std::string url;
  friend bool operator==(const result_image&, const result_image&) = default;
};

// The task object: the query's `data` and the callback's whole body.
struct kling_task {
  std::string task_id;
  task_status status = task_status::submitted;
  std::string status_msg;
  int64_t created_at = 0; // Unix milliseconds
  int64_t updated_at = 0;
  std::vector<result_image> images;
  std::optional<std::string> external_task_id;
  friend bool operator==(const kling_task&, const kling_task&) = default;
};

boost::json::object to_json(const kling_task& t);
// invalid_argument without a string `task_id` or a known `task_status`.
[[nodiscard]] caf::expected<kling_task> parse_task(const boost::json::value& v);
[[nodiscard]] caf::expected<std::vector<kling_task>> parse_task_list(const boost::json::value& v);

// Every response body. `data` is null for errors.
struct kling_envelope {
  int code = 0;
  std::string message;
  std::string request_id;
  boost::json::value data;
};

std::string to_body(const kling_envelope& e);
// The envelope of a response body (whatever the HTTP status): invalid_argument when the body
// is not a JSON object with an integer `code`.
[[nodiscard]] caf::expected<kling_envelope> parse_envelope(std::string_view body);

} // namespace colors::tryon
