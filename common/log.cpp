#include "common/log.hpp"

#include "common/clock.hpp"

#include <unistd.h>

#include <cstdio>

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

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out;
}

void log(log_level level, std::string_view message, std::initializer_list<log_field> fields) {
  std::string line = "{\"ts\":" + std::to_string(unix_millis()) + ",\"level\":\"" + level_name(level)
                     + "\",\"msg\":\"" + json_escape(message) + '"';
  for (const auto& [key, value] : fields)
    line += ",\"" + json_escape(key) + "\":\"" + json_escape(value) + '"';
  line += "}\n";
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

} // namespace colors
