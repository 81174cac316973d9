#include "media/record.hpp"

#include "common/errc.hpp"

#include <boost/json.hpp>

namespace colors::media {

namespace json = boost::json;

namespace {

json::array renditions_json(const std::vector<rendition_info>& list) {
  json::array out;
  for (const auto& r : list)
    out.push_back(json::object{
        {"name", r.name}, {"width", r.width}, {"height", r.height}, {"bytes", r.bytes}});
  return out;
}

json::array strings_json(const std::vector<std::string>& list) {
  json::array out;
  for (const auto& s : list)
    out.push_back(json::string{s});
  return out;
}

rendition_info rendition_of(const json::object& o) {
  return {json::value_to<std::string>(o.at("name")), json::value_to<int>(o.at("width")),
          json::value_to<int>(o.at("height")), json::value_to<uint64_t>(o.at("bytes"))};
}

media_info info_of(const json::object& o) {
  media_info info;
  info.id = json::value_to<std::string>(o.at("id"));
  info.owner_id = json::value_to<std::string>(o.at("owner"));
  auto purpose = parse_purpose(json::value_to<std::string>(o.at("purpose")));
  if (!purpose)
    throw std::invalid_argument{"purpose"};
  info.purpose = *purpose;
  info.content_type = json::value_to<std::string>(o.at("content_type"));
  info.width = json::value_to<int>(o.at("width"));
  info.height = json::value_to<int>(o.at("height"));
  info.bytes = json::value_to<uint64_t>(o.at("bytes"));
  info.sha256 = json::value_to<std::string>(o.at("sha256"));
  for (const auto& r : o.at("renditions").as_array())
    info.renditions.push_back(rendition_of(r.as_object()));
  info.created_at = json::value_to<int64_t>(o.at("created_at"));
  info.try_on_ready = o.at("try_on_ready").as_bool();
  info.try_on_issues = json::value_to<std::vector<std::string>>(o.at("try_on_issues"));
  return info;
}

} // namespace

std::string to_record(const media_info& info) {
  json::object o{{"id", info.id},
                 {"owner", info.owner_id},
                 {"purpose", to_string(info.purpose)},
                 {"content_type", info.content_type},
                 {"width", info.width},
                 {"height", info.height},
                 {"bytes", info.bytes},
                 {"sha256", info.sha256},
                 {"renditions", renditions_json(info.renditions)},
                 {"created_at", info.created_at},
                 {"try_on_ready", info.try_on_ready},
                 {"try_on_issues", strings_json(info.try_on_issues)}};
  return json::serialize(o);
}

caf::expected<media_info> from_record(std::string_view bytes) {
  try {
    return info_of(json::parse(bytes).as_object());
  } catch (const std::exception&) {
    return make_error(errc::corrupt, "a stored media record does not decode");
  }
}

} // namespace colors::media
