#include "tryon/task_messages.hpp"

namespace colors::tryon {

namespace {

bool in(int code, int low, int high) { return code >= low && code <= high; }

std::string task_failure(std::string_view kling_message) {
  std::string out = "The try-on could not be made from this photo and garment";
  if (kling_message.empty())
    return out + ". Try another photo: one person, facing the camera, upper body visible.";
  return out.append(": ").append(kling_message).append(".");
}

} // namespace

std::string shopper_message(int code, std::string_view kling_message) {
  if (code == 0)
    return task_failure(kling_message);
  if (code == kling_circuit_open || code == kling_queue_full || code == kling_client_stopped)
    return "Try-on is busy or unavailable right now; please try again in a few minutes.";
  if (code == images_unavailable_code)
    return "Your photo or the garment image is no longer available; upload the photo again.";
  if (code == lost_code)
    return "The try-on service lost this task twice; please start it again.";
  if (code == download_failed_code)
    return "The try-on was made but its picture could not be fetched; please start it again.";
  if (in(code, 1300, 1301))
    return "The try-on service refused this photo or garment under its content policy.";
  if (in(code, 1200, 1203))
    return "The try-on service could not use these images; try another photo (JPEG or PNG, "
           "at least 300 px a side).";
  if (in(code, 5000, 5002) || code == 1302 || code == 1303)
    return "The try-on service did not answer in time; please try again.";
  return "Try-on is unavailable right now because of a problem on our side; we are on it.";
}

} // namespace colors::tryon
