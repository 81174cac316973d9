#pragma once
// Structured logs: one JSON object per line on stderr. Thread-safe (one write(2) per line).
#include "common/json.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace colors {

enum class log_level { debug, info, warn, error };

using log_field = std::pair<std::string_view, std::string>;

void log(log_level level, std::string_view message, std::initializer_list<log_field> fields = {});

} // namespace colors
