#pragma once
// JSON responses and the one mapping from our error enum to HTTP status and error code.
// Pure functions; safe from any thread.
#include "http/types.hpp"

#include <caf/error.hpp>

#include <string>
#include <string_view>

namespace colors::http {

// A response with a JSON body (the body is sent as given).
response json_response(status code, std::string body);

// `{"error":{"code":"...","message":"..."}}` with the given status.
response error_response(status code, std::string_view error_code, std::string_view message);

// Maps any caf::error to a response; internal failures never expose their message.
response error_response(const caf::error& err);

} // namespace colors::http
