#pragma once
// Limits that keep one request from costing too much. Each has its own error code.
// Plain data, copied into whoever enforces it.
#include <cstddef>

namespace colors::graphql {

struct limits {
  std::size_t max_document_bytes = 64 * 1024; // DOCUMENT_TOO_LARGE
  std::size_t max_tokens = 10'000;            // TOO_MANY_TOKENS
  std::size_t max_depth = 15;          // QUERY_TOO_DEEP (selection nesting, fragments expanded)
  std::size_t max_aliases = 50;        // TOO_MANY_ALIASES
  std::size_t max_complexity = 10'000; // QUERY_TOO_COMPLEX (fields selected, fragments expanded)
  std::size_t max_value_depth = 64;    // nesting of list/object literals and type wrappers

  // Generous limits for trusted text such as our own SDL.
  static limits unlimited() { return {1 << 26, 1 << 24, 1 << 12, 1 << 20, 1 << 30, 1 << 10}; }
};

} // namespace colors::graphql
