#pragma once
// The simulator's checks of a create request, with the Kling code a refusal carries
// (../shared/KLING.md, "Create a task"): known model, both images present, raw Base64 without a
// `data:` prefix, JPG/PNG only, at most 10 MB, at least 300 px a side (read from the header by
// libvips; no pixel is decoded). Image URLs are refused: the simulator does not fetch them.
//
// Thread-safety: pure apart from libvips; safe from any thread.
#include "media/try_on_check.hpp"
#include "tryon/kling_protocol.hpp"
#include "tryon/sim_model.hpp"

#include <string>
#include <variant>

namespace colors::tryon {

// The decoded image bytes of a valid request.
struct sim_inputs {
  std::string human;
  std::string cloth;
};

std::variant<sim_inputs, sim_error> validate_create(const create_task_request& request,
                                                    const media::try_on_limits& limits = {});

} // namespace colors::tryon
