#include "http/graphql_http.hpp"

#include <doctest/doctest.h>

using colors::http::url_decode;

TEST_CASE("query strings decode percent escapes and plus signs, and refuse broken escapes") {
  CHECK(url_decode("%7Bhealth%7Bstatus%7D%7D") == std::optional<std::string>{"{health{status}}"});
  CHECK(url_decode("a+b%20c") == std::optional<std::string>{"a b c"});
  CHECK(url_decode("") == std::optional<std::string>{""});
  CHECK_FALSE(url_decode("%").has_value());
  CHECK_FALSE(url_decode("%4").has_value());
  CHECK_FALSE(url_decode("%zz").has_value());
  CHECK(url_decode("100%25") == std::optional<std::string>{"100%"});
}
