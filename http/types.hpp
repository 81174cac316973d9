#pragma once
// The HTTP message types every part of the front end speaks.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/verb.hpp>

namespace colors::http {

namespace bhttp = boost::beast::http;

using request = bhttp::request<bhttp::string_body>;
using response = bhttp::response<bhttp::string_body>;
using verb = bhttp::verb;
using status = bhttp::status;

} // namespace colors::http
