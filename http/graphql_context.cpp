#include "http/graphql_context.hpp"

#include <boost/json/string.hpp>

namespace colors::http {

std::string_view bearer_of(std::string_view authorization) {
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() <= scheme.size())
    return {};
  for (size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i])
      return {};
  auto token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  return token;
}

std::string bearer_of(const boost::json::object& payload) {
  if (auto* auth = payload.if_contains("authorization"); auth && auth->is_string()) {
    std::string_view text{auth->as_string().data(), auth->as_string().size()};
    auto token = bearer_of(text);
    return std::string{token.empty() ? text : token};
  }
  if (auto* token = payload.if_contains("token"); token && token->is_string())
    return std::string{token->as_string()};
  return {};
}

} // namespace colors::http
