#pragma once
// The try-on runner's metrics in metrics::registry::global():
//   colors_tryon_finish_seconds{stage}   histogram of the steps from Kling's "succeed" to our
//                                        SUCCEEDED: "download" (the result from Kling),
//                                        "store" (checked, renditions, saved), "record" (the
//                                        entity's durable event), "total" (all three)
//   colors_tryon_waiting_to_submit       gauge: tasks waiting for room in the runner's submit
//                                        window (their create not yet built)
//
// Thread-safety: may be called from any thread.
#include <chrono>
#include <cstddef>
#include <string_view>

namespace colors::tryon {

using finish_clock = std::chrono::steady_clock;

// Records the time from `since` to now under `stage`.
void observe_finish_stage(std::string_view stage, finish_clock::time_point since);

void set_tasks_waiting_to_submit(size_t n);

} // namespace colors::tryon
