#pragma once
// libvips is started once per process, on first use, with settings for a server: no operation
// cache (cached operations would keep upload buffers alive after the call) and few worker
// threads (vips runs its own pool beside CAF's and the HTTP threads).
//
// Thread-safety: `start_vips` may be called from any thread, any number of times.
#include <caf/error.hpp>

namespace colors::media {

// Starts libvips if not started yet; an error when it cannot start.
[[nodiscard]] caf::error start_vips();

} // namespace colors::media
