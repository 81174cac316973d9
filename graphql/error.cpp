#include "graphql/error.hpp"

namespace colors::graphql {

const char* code_for(errc code) {
  switch (code) {
    case errc::invalid_argument:
      return "BAD_USER_INPUT";
    case errc::not_found:
      return "NOT_FOUND";
    case errc::conflict:
      return "CONFLICT";
    case errc::too_large:
      return "PAYLOAD_TOO_LARGE";
    case errc::duplicate:
      return "DUPLICATE";
    case errc::unavailable:
      return "UNAVAILABLE";
    case errc::overloaded:
      return "RATE_LIMITED";
    case errc::timeout:
      return "TIMEOUT";
    case errc::locked:
      return "UNAVAILABLE";
    case errc::unauthenticated:
      return "UNAUTHENTICATED";
    case errc::forbidden:
      return "FORBIDDEN";
    case errc::rate_limited:
      return "RATE_LIMITED";
    case errc::storage:
    case errc::corrupt:
      return codes::internal;
  }
  return codes::internal;
}

const char* code_for(const caf::error& err) {
  auto code = code_of(err);
  return code ? code_for(*code) : codes::internal;
}

boost::json::object error::to_json() const {
  boost::json::object out;
  out["message"] = message;
  if (!locations.empty()) {
    boost::json::array locs;
    for (auto& l : locations)
      locs.push_back(boost::json::object{{"line", l.line}, {"column", l.column}});
    out["locations"] = std::move(locs);
  }
  if (!path.empty()) {
    boost::json::array p;
    for (auto& seg : path) {
      if (auto* s = std::get_if<std::string>(&seg))
        p.emplace_back(*s);
      else
        p.emplace_back(static_cast<uint64_t>(std::get<std::size_t>(seg)));
    }
    out["path"] = std::move(p);
  }
  if (!code.empty())
    out["extensions"] = boost::json::object{{"code", code}};
  return out;
}

error make_error(std::string message, location loc, const char* code) {
  error e;
  e.message = std::move(message);
  if (loc.line != 0)
    e.locations.push_back(loc);
  if (code)
    e.code = code;
  return e;
}

} // namespace colors::graphql
