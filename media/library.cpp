#include "media/library.hpp"

#include "media/record.hpp"

#include "common/clock.hpp"
#include "common/errc.hpp"
#include "common/ids.hpp"

#include <algorithm>

namespace colors::media {

namespace {

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
  for (const auto& size : rendition_sizes()) // in size order; those to make later are absent
    if (auto r = img.renditions.find(size.name); r != img.renditions.end())
      info.renditions.push_back({std::string{size.name}, r->second.width, r->second.height,
                                 r->second.bytes.size()});
  info.created_at = unix_millis();
  info.try_on_ready = img.try_on.ready;
  info.try_on_issues = img.try_on.issues;
  return info;
}

// The place of a rendition in rendition_sizes() (smallest first); past the end for no rendition.
size_t rendition_rank(std::string_view name) {
  const auto* size = find_rendition(name);
  return size ? static_cast<size_t>(size - rendition_sizes().data()) : rendition_sizes().size();
}

caf::error unknown(const std::string& id) {
  return make_error(errc::not_found, "There is no image with id \"" + id + "\".");
}

// The sealed field of one size of an image: a ciphertext moved elsewhere does not open.
std::string sealed_field(const std::string& id, std::string_view size) {
  return "media/" + id + "/" + std::string{size};
}

bool is_reference(const media_info& info) {
  return info.purpose == media_purpose::reference;
}

caf::error no_sealer() {
  return make_error(errc::unavailable,
                    "Reference photos are personal data and this server has no key to encrypt "
                    "them with, so they cannot be stored or read.");
}

// A reference photo that does not open is gone (its owner's key was shredded); failures of
// the key store stay failures.
caf::error unopened(const std::string& id, const caf::error& why) {
  auto code = code_of(why);
  if (code == errc::storage || code == errc::unavailable)
    return why;
  return make_error(errc::not_found, "The image \"" + id + "\" is no longer available.");
}

// Reference photos exist only for try-on: one Kling would refuse is not stored.
caf::error check_storable(const processed_image& img, media_purpose purpose, bool can_seal) {
  if (purpose != media_purpose::reference)
    return {};
  if (auto refused = require_try_on_ready(img.try_on))
    return refused;
  return can_seal ? caf::error{} : no_sealer();
}

} // namespace

std::string served_size(const media_info& info, std::string_view size) {
  const auto& sizes = rendition_sizes();
  for (auto rank = rendition_rank(size); rank < sizes.size(); ++rank)
    if (std::any_of(info.renditions.begin(), info.renditions.end(),
                    [&](const rendition_info& r) { return r.name == sizes[rank].name; }))
      return std::string{sizes[rank].name};
  return "original";
}

library::library(std::function<std::shared_ptr<events::store>()> db, sealer seal)
  : family_(std::move(db), "media"), sealer_(std::move(seal)) {}

caf::expected<added_media> library::add(const processed_image& img, const std::string& owner_id,
                                        media_purpose purpose, media_sync sync) {
  if (auto refused = check_storable(img, purpose, static_cast<bool>(sealer_)))
    return refused;
  std::lock_guard<std::mutex> guard{add_mutex_};
  auto existing = find_duplicate(img.sha256, owner_id, purpose);
  if (!existing)
    return existing.error();
  if (*existing)
    return added_media{std::move(**existing), false};
  return insert(img, owner_id, purpose, sync);
}

caf::expected<added_media> library::insert(const processed_image& img, const std::string& owner_id,
                                           media_purpose purpose, media_sync sync) {
  auto info = info_of(img, owner_id, purpose);
  auto writes = writes_of(info, img);
  if (!writes)
    return writes.error();
  if (auto err = family_.write(*writes, sync == media_sync::now))
    return err;
  return added_media{std::move(info), true};
}

caf::error library::add_renditions(const std::string& id, const rendition_map& made) {
  std::lock_guard<std::mutex> guard{add_mutex_};
  auto info = lookup(id);
  if (!info)
    return info.error();
  key_values writes;
  for (const auto& [name, r] : made) {
    if (!is_rendition(name))
      return make_error(errc::invalid_argument, "There is no rendition \"" + name + "\".");
    auto stored = stored_form(*info, name, r.bytes);
    if (!stored)
      return stored.error();
    writes.emplace_back(bytes_key(id, name), std::move(*stored));
    std::erase_if(info->renditions, [&](const rendition_info& have) { return have.name == name; });
    info->renditions.push_back({name, r.width, r.height, r.bytes.size()});
  }
  std::sort(info->renditions.begin(), info->renditions.end(),
            [](const rendition_info& a, const rendition_info& b) {
              return rendition_rank(a.name) < rendition_rank(b.name);
            });
  writes.emplace_back(record_key(id), to_record(*info));
  return family_.write(writes);
}

caf::expected<library::key_values> library::writes_of(const media_info& info,
                                                      const processed_image& img) const {
  key_values out{{record_key(info.id), to_record(info)},
                 {dedupe_key(info.sha256, info.owner_id, info.purpose), info.id}};
  auto put = [&](std::string_view size, const std::string& bytes) -> caf::error {
    auto stored = stored_form(info, size, bytes);
    if (!stored)
      return stored.error();
    out.emplace_back(bytes_key(info.id, size), std::move(*stored));
    return {};
  };
  if (auto err = put("original", img.original.bytes))
    return err;
  for (const auto& [name, r] : img.renditions)
    if (auto err = put(name, r.bytes))
      return err;
  return out;
}

caf::expected<std::string> library::stored_form(const media_info& info, std::string_view size,
                                                const std::string& plain) const {
  if (!is_reference(info))
    return plain;
  if (!sealer_)
    return no_sealer();
  return sealer_.seal(info.owner_id, sealed_field(info.id, size), plain);
}

caf::expected<std::string> library::opened(const media_info& info, std::string_view size,
                                           std::string stored) const {
  if (!is_reference(info))
    return stored;
  if (!sealer_)
    return no_sealer();
  auto plain = sealer_.open(info.owner_id, sealed_field(info.id, size), stored);
  if (!plain)
    return unopened(info.id, plain.error());
  return plain;
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
  auto info = lookup(id);
  if (!info)
    return info.error();
  return bytes(*info, size);
}

caf::expected<std::string> library::bytes(const media_info& info, std::string_view size) const {
  auto data = family_.get(bytes_key(info.id, size));
  if (!data)
    return data.error();
  if (!*data)
    return unknown(info.id);
  return opened(info, size, std::move(**data));
}

caf::expected<std::string> library::bytes_for_owner(const std::string& id, std::string_view size,
                                                    const std::string& owner_id) const {
  auto info = lookup(id);
  if (!info)
    return info.error();
  if (info->owner_id != owner_id)
    return make_error(errc::forbidden, "The image \"" + id + "\" is not yours.");
  return bytes(*info, size);
}

} // namespace colors::media
