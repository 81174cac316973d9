#include "tryon/task_metrics.hpp"

#include "common/metrics.hpp"

#include <string>

namespace colors::tryon {

void observe_finish_stage(std::string_view stage, finish_clock::time_point since) {
  std::chrono::duration<double> took = finish_clock::now() - since;
  metrics::registry::global()
      .get_histogram("colors_tryon_finish_seconds",
                     "Try-on tasks: from Kling's success to our SUCCEEDED, by stage",
                     metrics::latency_buckets(), {{"stage", std::string{stage}}})
      .observe(took.count());
}

void set_tasks_waiting_to_submit(size_t n) {
  static auto& gauge = metrics::registry::global().get_gauge(
      "colors_tryon_waiting_to_submit", "Try-on tasks waiting for room to send their create to Kling");
  gauge.set(static_cast<double>(n));
}

} // namespace colors::tryon
