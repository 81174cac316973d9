#pragma once
// The runner's blocking work (internal to tryon/): reading the images a task sends to Kling and
// storing the result it gets back. Called on the runner's thread pool, never on an actor.
#include "events/types.hpp"
#include "media/library.hpp"
#include "tryon/kling_protocol.hpp"

#include <caf/expected.hpp>

#include <string>

namespace colors::tryon {

// The create request of a task: both images as raw Base64 of their `large` renditions (what
// Kling's limits allow), the task id as external_task_id, and the callback URL when
// `callback_base` is set. Errors: not_found / forbidden when an image is gone or not the
// owner's.
[[nodiscard]] caf::expected<create_task_request>
build_create_request(media::library& media, const events::TryOnRequested& request,
                     const std::string& callback_base);

// Checks and stores a result image as the task owner's (owner-only, like the photo), as it
// came where it can be (media/process_result.hpp). Written without a sync of its own: the
// succeeded event that names it, a synced write after it to the same store, makes it durable
// (media_sync::with_next_synced_write). Its smaller renditions are left to make_result_renditions.
struct stored_result {
  std::string media_id;
  std::vector<std::string> renditions_to_make;
};
[[nodiscard]] caf::expected<stored_result> store_result(media::library& media,
                                                        const std::string& owner_id,
                                                        std::string_view bytes,
                                                        const media::upload_limits& limits);

// Makes and adds the renditions store_result left out (after SUCCEEDED is on its way: until
// then a request for one is served the next larger size).
[[nodiscard]] caf::error make_result_renditions(media::library& media, const stored_result& stored,
                                                std::string_view bytes,
                                                const media::upload_limits& limits);

} // namespace colors::tryon
