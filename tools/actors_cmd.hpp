#pragma once
// colctl actors: the running server's supervision tree (GET /admin/actors).
#include "tools/command.hpp"

namespace colors::tools {

const command& actors_command();

} // namespace colors::tools
