#include "graphql/printer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace colors::graphql {

std::string print_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

namespace {
std::string js_number(double d) {
  if (std::isnan(d))
    return "NaN";
  if (std::isinf(d))
    return d > 0 ? "Infinity" : "-Infinity";
  if (std::floor(d) == d && std::fabs(d) < 1e21) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, end);
}
} // namespace

std::string inspect(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return v.get_bool() ? "true" : "false";
    case boost::json::kind::int64:
      return std::to_string(v.get_int64());
    case boost::json::kind::uint64:
      return std::to_string(v.get_uint64());
    case boost::json::kind::double_:
      return js_number(v.get_double());
    case boost::json::kind::string:
      return boost::json::serialize(v);
    case boost::json::kind::array: {
      std::string out = "[";
      bool first = true;
      for (auto& item : v.get_array()) {
        out += (first ? "" : ", ") + inspect(item);
        first = false;
      }
      return out + "]";
    }
    case boost::json::kind::object: {
      if (v.get_object().empty())
        return "{}";
      std::string out = "{ ";
      bool first = true;
      for (auto& kv : v.get_object()) {
        out += (first ? "" : ", ") + std::string(kv.key()) + ": " + inspect(kv.value());
        first = false;
      }
      return out + " }";
    }
  }
  return "null";
}

std::string print_value(const value& v, bool sort_fields) {
  switch (v.kind) {
    case value_kind::variable:
      return "$" + v.text;
    case value_kind::string:
      return print_string(v.text);
    case value_kind::null:
      return "null";
    case value_kind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.items.size(); ++i)
        out += (i ? ", " : "") + print_value(v.items[i], sort_fields);
      return out + "]";
    }
    case value_kind::object: {
      std::vector<const object_field*> fields;
      for (auto& f : v.fields)
        fields.push_back(&f);
      if (sort_fields)
        std::stable_sort(fields.begin(), fields.end(),
                         [](auto* a, auto* b) { return a->name < b->name; });
      std::string out = "{";
      for (std::size_t i = 0; i < fields.size(); ++i)
        out += (i ? ", " : "") + fields[i]->name + ": " + print_value(fields[i]->val, sort_fields);
      return out + "}";
    }
    default:
      return v.text;
  }
}

} // namespace colors::graphql
