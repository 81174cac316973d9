#pragma once
// The pure parts of the media endpoints (main/media_routes.hpp): what a request asks for, who
// may do it, and the JSON and caching headers of the answers. No I/O; thread-safe.
#include "media/media_info.hpp"

#include "identity/directory.hpp"
#include "identity/policy.hpp"

#include <caf/expected.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace colors::app {

// "/media/<id>", or with "?size=<size>" for a rendition.
std::string media_url(const std::string& id, std::string_view size = {});

// The body of an upload's answer: {id, url, width, height, contentType, bytes, sha256,
// renditions: {thumb: {url, width, height, bytes}, ...}, tryOnReady, tryOnIssues}.
std::string upload_json(const media::media_info& info);

// The `purpose` query parameter of an upload; invalid_argument when missing or unknown.
[[nodiscard]] caf::expected<media::media_purpose> upload_purpose(std::string_view target);

// The `size` query parameter of a GET: "original" when absent, else thumb, medium or large;
// invalid_argument otherwise.
[[nodiscard]] caf::expected<std::string> requested_size(std::string_view target);

// The id in "/media/<id>[?...]" (empty when there is none).
std::string_view media_id_of(std::string_view target);

// The permission-table operation ("POST /uploads (product)", "GET /media (reference)") and the
// resource an upload or read is checked against. Brand admins upload product images for a
// brand they administer.
std::string upload_operation(media::media_purpose purpose);
identity::resource upload_resource(const identity::principal& who);
inline constexpr std::string_view read_reference_operation = "GET /media (reference)";

// A strong entity tag of one stored size of an image: stored bytes never change.
std::string etag_of(const media::media_info& info, std::string_view size);

// True when an If-None-Match header value ("*", or a list of tags, weak or strong) names `etag`.
bool none_match(std::string_view if_none_match, std::string_view etag);

// Product images are public and immutable; reference photos are private to their owner.
std::string_view cache_control_of(media::media_purpose purpose);

// The file of a multipart/form-data body (the first part with a filename, else the first
// part); invalid_argument when the body is not well-formed multipart. nullopt when
// `content_type` is not multipart/form-data (the body is then the image itself).
[[nodiscard]] std::optional<caf::expected<std::string_view>>
multipart_file(std::string_view content_type, std::string_view body);

} // namespace colors::app
