#pragma once
// JSON views of try-on tasks (internal to api/). Members starting with "_" feed the field
// resolvers (TryOnTask.product, .referenceImage, .resultImage) and never reach a client.
#include "domain/tryon_task.hpp"
#include "media/media_info.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string_view>

namespace colors::api {

boost::json::object tryon_task_json(const events::TryOnTaskState& s);
// "KOLORS_V1" / "KOLORS_V1_5" <-> Kling's model names; nullopt for anything else.
std::optional<std::string_view> kling_model_of(std::string_view api_model);
std::string_view api_model_of(std::string_view kling_model);
// An Image of the media library (url /media/<id>).
boost::json::object media_image_json(const media::media_info& info);

} // namespace colors::api
