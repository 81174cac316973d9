#include "main/kling_callback.hpp"

#include "actors/ask.hpp"
#include "common/errc.hpp"
#include "http/errors.hpp"
#include "tryon/task_runner.hpp"

namespace colors::app {

namespace {

constexpr std::string_view prefix = "/kling/callback/";

// "<task id>/<secret>" after the prefix; nullopt for anything else.
std::optional<std::pair<std::string, std::string>> task_and_secret(std::string_view target) {
  auto rest = http::path_of(target).substr(prefix.size());
  auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size()
      || rest.find('/', slash + 1) != std::string_view::npos)
    return std::nullopt;
  return std::pair{std::string{rest.substr(0, slash)}, std::string{rest.substr(slash + 1)}};
}

http::response unknown_task() {
  return http::error_response(http::status::not_found, "NOT_FOUND", "No such task.");
}

} // namespace

void add_kling_callback_route(http::router& routes, caf::actor_system& sys, caf::actor runner) {
  routes.add_prefix_async(http::verb::post, std::string{prefix},
    [&sys, runner](const http::request& req, const http::call_info&, http::reply_fn reply) {
      auto ids = task_and_secret({req.target().data(), req.target().size()});
      if (!ids)
        return reply(unknown_task());
      boost::system::error_code ec;
      auto body = boost::json::parse(req.body(), ec);
      auto task = ec ? caf::expected<tryon::kling_task>{make_error(errc::invalid_argument, "")}
                     : tryon::parse_task(body);
      if (!task)
        return reply(http::error_response(http::status::bad_request, "BAD_REQUEST",
                                          "The body is not a Kling task object."));
      actors::ask<bool>(sys, runner, std::chrono::seconds{10},
        [reply](caf::expected<bool> known) {
          if (!known)
            return reply(http::error_response(known.error()));
          reply(*known ? http::json_response(http::status::ok, R"({"ok":true})") : unknown_task());
        },
        tryon::tryon_callback_atom::value, ids->first, ids->second, std::move(*task));
    });
}

} // namespace colors::app
