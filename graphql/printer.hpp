#pragma once
// Prints value literals back to GraphQL syntax (graphql-js `print` of a value node). Pure.
#include "graphql/ast.hpp"

#include <boost/json.hpp>

#include <string>

namespace colors::graphql {

// `sort_fields` orders object fields by name, so equal values print equally (field merging).
std::string print_value(const value& v, bool sort_fields = false);

// A JSON value as graphql-js's `inspect` shows it in messages: `{ a: "x", b: [1, 2] }`.
std::string inspect(const boost::json::value& v);

// A string literal with graphql-js's escaping.
std::string print_string(const std::string& s);

} // namespace colors::graphql
