#include "media/vips_runtime.hpp"

#include "common/errc.hpp"

#include <vips/vips.h>

#include <mutex>

namespace colors::media {

namespace {

constexpr int vips_worker_threads = 2;

} // namespace

caf::error start_vips() {
  static std::once_flag once;
  static bool started = false;
  std::call_once(once, [] {
    started = VIPS_INIT("colors") == 0;
    if (!started)
      return;
    // Warnings (e.g. about a truncated upload we then refuse) would break the JSON log lines.
    g_log_set_handler(
        "VIPS", G_LOG_LEVEL_WARNING, [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {},
        nullptr);
    vips_cache_set_max(0);
    vips_concurrency_set(vips_worker_threads);
  });
  if (!started)
    return make_error(errc::unavailable, "the image library (libvips) could not start");
  return {};
}

} // namespace colors::media
