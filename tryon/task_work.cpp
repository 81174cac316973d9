#include "tryon/task_work.hpp"

#include "common/base64.hpp"
#include "common/errc.hpp"
#include "media/process_result.hpp"
#include "tryon/task_metrics.hpp"

namespace colors::tryon {

namespace {

// The rendition sent to Kling: `large` (at most 2048 px a side), or the original when the
// image is small enough to have no large rendition.
caf::expected<std::string> image_for_kling(media::library& media, const std::string& id) {
  auto bytes = media.bytes(id, "large");
  if (!bytes && code_of(bytes.error()) == errc::not_found)
    bytes = media.bytes(id, "original");
  if (!bytes)
    return bytes.error();
  return base64_encode(*bytes);
}

caf::error check_owner(media::library& media, const std::string& id, const std::string& owner) {
  auto info = media.lookup(id);
  if (!info)
    return info.error();
  if (info->owner_id != owner || info->purpose != media::media_purpose::reference)
    return make_error(errc::forbidden, "the photo is not the task owner's");
  return {};
}

} // namespace

caf::expected<create_task_request> build_create_request(media::library& media,
                                                        const events::TryOnRequested& request,
                                                        const std::string& callback_base) {
  if (auto err = check_owner(media, request.reference_image_id(), request.user_id()))
    return err;
  auto human = image_for_kling(media, request.reference_image_id());
  if (!human)
    return human.error();
  auto cloth = image_for_kling(media, request.garment_image_id());
  if (!cloth)
    return cloth.error();
  create_task_request out;
  out.model_name = request.model();
  out.human_image = std::move(*human);
  out.cloth_image = std::move(*cloth);
  out.external_task_id = request.task_id();
  if (!callback_base.empty())
    out.callback_url = callback_base + "/" + request.task_id() + "/" + request.callback_secret();
  return out;
}

caf::expected<stored_result> store_result(media::library& media, const std::string& owner_id,
                                          std::string_view bytes,
                                          const media::upload_limits& limits) {
  auto processing_since = finish_clock::now();
  auto processed = media::process_result(bytes, limits); // no re-encoding of what fits
  if (!processed)
    return processed.error();
  observe_finish_stage("process", processing_since);
  // The succeeded event that names the image is a synced write after this one.
  auto added = media.add(*processed, owner_id, media::media_purpose::reference,
                         media::media_sync::with_next_synced_write);
  if (!added)
    return added.error();
  // Those it still lacks (a result stored before, by a try that crashed, may lack some).
  stored_result out{added->info.id, {}};
  for (auto& name : processed->renditions_to_make)
    if (media::served_size(added->info, name) != name)
      out.renditions_to_make.push_back(std::move(name));
  return out;
}

caf::error make_result_renditions(media::library& media, const stored_result& stored,
                                  std::string_view bytes, const media::upload_limits& limits) {
  if (stored.renditions_to_make.empty())
    return {};
  auto made = media::make_renditions(bytes, stored.renditions_to_make, limits);
  if (!made)
    return made.error();
  return media.add_renditions(stored.media_id, *made);
}

} // namespace colors::tryon
