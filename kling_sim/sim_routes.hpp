#pragma once
// The simulator's endpoints, exactly as Kling's (../shared/KLING.md):
//   POST /v1/images/kolors-virtual-try-on                      create
//   GET  /v1/images/kolors-virtual-try-on/{task_id|external}   one task
//   GET  /v1/images/kolors-virtual-try-on?external_task_id=... one task by our id
//   GET  /v1/images/kolors-virtual-try-on?pageNum=&pageSize=   list (1-1000, 1-500)
// each checked for the Bearer JWT, plus GET /results/{task_id}.jpg (the result "CDN", no auth).
//
// Thread-safety: the handlers run on any I/O thread; the service serialises.
#include "http/router.hpp"
#include "kling_sim/sim_service.hpp"

#include <memory>

namespace colors::kling_sim {

// The largest create body: two 10 MB images in Base64 plus the JSON around them.
inline constexpr uint64_t create_body_limit = 28 * 1024 * 1024;

void add_sim_routes(http::router& routes, std::shared_ptr<sim_service> service);

} // namespace colors::kling_sim
