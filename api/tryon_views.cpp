#include "api/tryon_views.hpp"

#include "api/views.hpp"

namespace colors::api {

namespace {

namespace json = boost::json;
namespace t = domain::tryon_task;

constexpr std::string_view model_v1 = "kolors-virtual-try-on-v1";
constexpr std::string_view model_v1_5 = "kolors-virtual-try-on-v1-5";

json::value time_or_null(int64_t unix_ms) {
  return unix_ms > 0 ? json::value(rfc3339(unix_ms)) : json::value(nullptr);
}

json::value text_or_null(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::value duration_of(const events::TryOnTaskState& s) {
  if (s.completed_at() == 0)
    return nullptr;
  return double(s.completed_at() - s.created_at()) / 1000.0;
}

} // namespace

json::object tryon_task_json(const events::TryOnTaskState& s) {
  const auto& r = s.request();
  bool failed = s.status() == t::failed;
  return {{"id", r.task_id()},
          {"status", t::public_status(s.status())},
          {"createdAt", rfc3339(s.created_at())},
          {"updatedAt", rfc3339(s.updated_at())},
          {"variantId", text_or_null(r.variant_id())},
          {"errorMessage", failed ? json::value(s.failure().message()) : json::value(nullptr)},
          {"retryable", failed ? json::value(s.failure().retryable()) : json::value(nullptr)},
          {"model", api_model_of(r.model())},
          {"retryCount", s.retries()},
          {"fromCache", s.result().from_cache()},
          {"submittedAt", time_or_null(s.submitted_at())},
          {"completedAt", time_or_null(s.completed_at())},
          {"durationSeconds", duration_of(s)},
          {"_productId", r.product_id()},
          {"_ownerId", r.user_id()},
          {"_referenceImageId", r.reference_image_id()},
          {"_resultImageId", s.result().result_image_id()}};
}

std::optional<std::string_view> kling_model_of(std::string_view api_model) {
  if (api_model == "KOLORS_V1")
    return model_v1;
  if (api_model == "KOLORS_V1_5")
    return model_v1_5;
  return std::nullopt;
}

std::string_view api_model_of(std::string_view kling_model) {
  return kling_model == model_v1 ? "KOLORS_V1" : "KOLORS_V1_5";
}

json::object media_image_json(const media::media_info& info) {
  return {{"id", info.id},
          {"url", "/media/" + info.id},
          {"width", info.width},
          {"height", info.height},
          {"contentType", info.content_type}};
}

} // namespace colors::api
