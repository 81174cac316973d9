#include "graphql/printer.hpp"

#include <algorithm>
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
