#pragma once
// An unordered map keyed by std::string that std::string_view finds without a copy.
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace colors::projections {

struct string_hash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <class V>
using string_map = std::unordered_map<std::string, V, string_hash, std::equal_to<>>;

} // namespace colors::projections
