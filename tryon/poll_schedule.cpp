#include "tryon/poll_schedule.hpp"

#include <algorithm>

namespace colors::tryon {

caf::timespan poll_delay(const poll_plan& plan, uint32_t polls, bool callbacks_arrive) {
  if (callbacks_arrive)
    return plan.quiet;
  auto backed_off = plan.first * (int64_t{1} << std::min<uint32_t>(polls, 10));
  return std::min<caf::timespan>(backed_off, plan.max);
}

bool callbacks_arrive(const poll_plan& plan, std::optional<caf::timestamp> last, caf::timestamp now) {
  return last && now - *last < plan.quiet;
}

} // namespace colors::tryon
