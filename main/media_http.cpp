#include "main/media_http.hpp"

#include "http/router.hpp"
#include "media/process.hpp"

#include "common/errc.hpp"

#include <boost/json.hpp>

#include <cctype>
#include <vector>

namespace colors::app {

namespace json = boost::json;

namespace {

json::object rendition_json(const std::string& id, const media::rendition_info& r) {
  return {
      {"url", media_url(id, r.name)}, {"width", r.width}, {"height", r.height}, {"bytes", r.bytes}};
}

std::string lower(std::string_view text) {
  std::string out{text};
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// The boundary parameter of a multipart Content-Type (quotes removed); empty when absent.
std::string_view boundary_of(std::string_view content_type) {
  auto at = lower(content_type).find("boundary=");
  if (at == std::string::npos)
    return {};
  auto value = content_type.substr(at + 9);
  value = value.substr(0, value.find(';'));
  value = trimmed(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    value = value.substr(1, value.size() - 2);
  return value;
}

struct form_part {
  std::string_view headers;
  std::string_view content;
};

// The parts between the delimiters; empty when the body is malformed.
std::vector<form_part> parts_of(std::string_view body, std::string_view boundary) {
  std::string delimiter = "--" + std::string{boundary};
  std::vector<form_part> parts;
  auto pos = body.find(delimiter);
  while (pos != std::string_view::npos) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--")
      return parts; // the closing delimiter
    if (body.substr(pos, 2) != "\r\n")
      return {};
    auto head_end = body.find("\r\n\r\n", pos + 2);
    auto next = body.find("\r\n" + delimiter, pos + 2);
    if (head_end == std::string_view::npos || next == std::string_view::npos || head_end > next)
      return {};
    parts.push_back(
        {body.substr(pos + 2, head_end - pos - 2), body.substr(head_end + 4, next - head_end - 4)});
    pos = next + 2;
  }
  return {};
}

caf::error not_multipart(std::string why) {
  return make_error(errc::invalid_argument, "The multipart/form-data body " + why
                                                + "; send one file part, or the raw image bytes.");
}

} // namespace

std::string media_url(const std::string& id, std::string_view size) {
  auto url = "/media/" + id;
  if (!size.empty() && size != "original")
    url += "?size=" + std::string{size};
  return url;
}

std::string upload_json(const media::media_info& info) {
  json::object renditions;
  for (const auto& r : info.renditions)
    renditions[r.name] = rendition_json(info.id, r);
  json::array issues;
  for (const auto& issue : info.try_on_issues)
    issues.push_back(json::string{issue});
  json::object out{{"id", info.id},
                   {"url", media_url(info.id)},
                   {"width", info.width},
                   {"height", info.height},
                   {"contentType", info.content_type},
                   {"bytes", info.bytes},
                   {"sha256", info.sha256},
                   {"renditions", std::move(renditions)},
                   {"tryOnReady", info.try_on_ready},
                   {"tryOnIssues", std::move(issues)}};
  return json::serialize(out);
}

caf::expected<media::media_purpose> upload_purpose(std::string_view target) {
  auto purpose = http::query_param(target, "purpose");
  if (!purpose)
    return make_error(errc::invalid_argument,
                      "Say what the image is for: ?purpose=product or ?purpose=reference.");
  return media::parse_purpose(*purpose);
}

caf::expected<std::string> requested_size(std::string_view target) {
  auto size = http::query_param(target, "size");
  if (!size || *size == "original")
    return std::string{"original"};
  if (media::is_rendition(*size))
    return *size;
  return make_error(errc::invalid_argument,
                    "size must be thumb, medium or large, not \"" + *size + "\".");
}

std::string_view media_id_of(std::string_view target) {
  constexpr std::string_view prefix = "/media/";
  auto path = http::path_of(target);
  return path.starts_with(prefix) ? path.substr(prefix.size()) : std::string_view{};
}

std::string upload_operation(media::media_purpose purpose) {
  return "POST /uploads (" + std::string{media::to_string(purpose)} + ")";
}

identity::resource upload_resource(const identity::principal& who) {
  identity::resource res;
  res.owner_id = who.user_id;
  if (who.facts)
    for (const auto& role : who.facts->roles)
      if (role.role() == "BRAND_ADMIN" && role.brand_ids_size() > 0)
        res.brand_id = role.brand_ids(0);
  return res;
}

std::string etag_of(const media::media_info& info, std::string_view size) {
  return "\"" + info.sha256.substr(0, 32) + "-" + std::string{size} + "\"";
}

bool none_match(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    auto comma = if_none_match.find(',');
    auto tag = trimmed(if_none_match.substr(0, comma));
    if (tag.starts_with("W/"))
      tag.remove_prefix(2); // If-None-Match compares weakly
    if (tag == "*" || tag == etag)
      return true;
    if_none_match =
        comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
  }
  return false;
}

std::string_view cache_control_of(media::media_purpose purpose) {
  return purpose == media::media_purpose::product ? "public, max-age=31536000, immutable"
                                                  : "private, max-age=86400";
}

std::optional<caf::expected<std::string_view>> multipart_file(std::string_view content_type,
                                                              std::string_view body) {
  if (!lower(content_type).starts_with("multipart/form-data"))
    return std::nullopt;
  auto boundary = boundary_of(content_type);
  if (boundary.empty())
    return caf::expected<std::string_view>{not_multipart("has no boundary")};
  auto parts = parts_of(body, boundary);
  if (parts.empty())
    return caf::expected<std::string_view>{not_multipart("is malformed or has no parts")};
  for (const auto& part : parts)
    if (lower(part.headers).find("filename=") != std::string::npos)
      return caf::expected<std::string_view>{part.content};
  return caf::expected<std::string_view>{parts.front().content};
}

} // namespace colors::app
