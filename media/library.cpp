#include "media/library.hpp"

#include "media/record.hpp"

#include "common/clock.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"

namespace colors::media {

namespace {

using key_values = std::vector<std::pair<std::string, std::string>>;

std::string record_key(const std::string& id) {
  return "i" + id;
}

std::string bytes_key(const std::string& id, std::string_view size) {
  return "b" + id + "/" + std::string{size};
}

// Reference photos are deduplicated per owner, so nobody learns another's photo id.
std::string dedupe_key(const std::string& sha256_hex, const std::string& owner_id,
                       media_purpose purpose) {
  auto key = "h" + std::string{to_string(purpose)} + "/";
  if (purpose == media_purpose::reference)
    key += owner_id + "/";
  return key + sha256_hex;
}

media_info info_of(const processed_image& img, const std::string& owner_id, media_purpose purpose) {
  media_info info;
  info.id = uuid_to_string(new_uuid());
  info.owner_id = owner_id;
  info.purpose = purpose;
  info.content_type = std::string{content_type_of(img.format)};
  info.width = img.original.width;
  info.height = img.original.height;
  info.bytes = img.original.bytes.size();
  info.sha256 = img.sha256;
  for (const auto& size : rendition_sizes()) {
    const auto& r = img.renditions.at(std::string{size.name});
    info.renditions.push_back({std::string{size.name}, r.width, r.height, r.bytes.size()});
  }
  info.created_at = unix_millis();
  info.try_on_ready = img.try_on.ready;
  info.try_on_issues = img.try_on.issues;
  return info;
}

key_values writes_of(const media_info& info, const processed_image& img) {
  key_values out{{record_key(info.id), to_record(info)},
                 {bytes_key(info.id, "original"), img.original.bytes},
                 {dedupe_key(info.sha256, info.owner_id, info.purpose), info.id}};
  for (const auto& [name, r] : img.renditions)
    out.emplace_back(bytes_key(info.id, name), r.bytes);
  return out;
}

caf::error unknown(const std::string& id) {
  return make_error(errc::not_found, "There is no image with id \"" + id + "\".");
}

} // namespace

library::library(std::function<std::shared_ptr<events::store>()> db)
  : family_(std::move(db), "media") {}

caf::expected<added_media> library::add(const processed_image& img, const std::string& owner_id,
                                        media_purpose purpose) {
  std::lock_guard<std::mutex> guard{add_mutex_};
  auto existing = find_duplicate(img.sha256, owner_id, purpose);
  if (!existing)
    return existing.error();
  if (*existing)
    return added_media{std::move(**existing), false};
  return insert(img, owner_id, purpose);
}

caf::expected<added_media> library::insert(const processed_image& img, const std::string& owner_id,
                                           media_purpose purpose) {
  auto info = info_of(img, owner_id, purpose);
  if (auto err = family_.write(writes_of(info, img)))
    return err;
  return added_media{std::move(info), true};
}

caf::expected<std::optional<media_info>> library::find_duplicate(const std::string& sha256_hex,
                                                                 const std::string& owner_id,
                                                                 media_purpose purpose) const {
  auto id = family_.get(dedupe_key(sha256_hex, owner_id, purpose));
  if (!id)
    return id.error();
  if (!*id)
    return std::optional<media_info>{};
  auto info = lookup(**id);
  if (!info)
    return info.error();
  return std::optional<media_info>{std::move(*info)};
}

caf::expected<media_info> library::lookup(const std::string& id) const {
  if (!uuid_from_string(id))
    return unknown(id);
  auto record = family_.get(record_key(id));
  if (!record)
    return record.error();
  if (!*record)
    return unknown(id);
  return from_record(**record);
}

caf::expected<std::string> library::bytes(const std::string& id, std::string_view size) const {
  if (!uuid_from_string(id))
    return unknown(id);
  auto data = family_.get(bytes_key(id, size));
  if (!data)
    return data.error();
  if (!*data)
    return unknown(id);
  return std::move(**data);
}

} // namespace colors::media
