#include "events/types.hpp"

namespace colors::events {

bool expected_version::matches(uint64_t current) const {
  switch (what) {
    case kind::any: return true;
    case kind::no_stream: return current == 0;
    case kind::exact: return current == version;
  }
  return false;
}

std::string expected_version::describe() const {
  switch (what) {
    case kind::any: return "any version";
    case kind::no_stream: return "no stream";
    case kind::exact: return "version " + std::to_string(version);
  }
  return "?";
}

} // namespace colors::events
