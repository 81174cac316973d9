#include "common/log.hpp"

#include "common/clock.hpp"
#include "common/json.hpp"

#include <unistd.h>


namespace colors {

namespace {

const char* level_name(log_level level) {
  switch (level) {
    case log_level::debug: return "debug";
    case log_level::info: return "info";
    case log_level::warn: return "warn";
    case log_level::error: return "error";
  }
  return "info";
}

} // namespace

void log(log_level level, std::string_view message, std::initializer_list<log_field> fields) {
  std::string line = "{\"ts\":" + std::to_string(unix_millis()) + ",\"level\":\"" + level_name(level)
                     + "\",\"msg\":\"" + json_escape(message) + '"';
  for (const auto& [key, value] : fields)
    line += ",\"" + json_escape(key) + "\":\"" + json_escape(value) + '"';
  line += "}\n";
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

} // namespace colors
