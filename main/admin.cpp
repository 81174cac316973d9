#include "main/admin.hpp"

#include "actors/atoms.hpp"
#include "actors/node_info.hpp"
#include "http/errors.hpp"

#include <caf/all.hpp>

#include <chrono>

namespace colors::app {

namespace {

bool wants_text(const http::request& req) {
  return req.target().find("format=tree") != std::string_view::npos;
}

http::response text_response(std::string body) {
  http::response res{http::status::ok, 11};
  res.set(http::bhttp::field::content_type, "text/plain; charset=utf-8");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

http::response render(const actors::node_info& tree, bool text) {
  return text ? text_response(actors::to_tree(tree))
              : http::json_response(http::status::ok, actors::to_json(tree));
}

void fetch_tree(caf::actor_system& sys, caf::actor root, bool text, http::reply_fn reply) {
  // The argument is there because CAF 0.17 dereferences a null argument tuple for actors
  // spawned without one (UBSan flags it).
  sys.spawn(
    [text](caf::event_based_actor* self, caf::actor root, http::reply_fn reply) {
      self->request(root, std::chrono::seconds{5}, actors::inspect_atom::value)
        .then([=](actors::node_info& tree) { reply(render(tree, text)); },
              [=](caf::error& err) { reply(http::error_response(err)); });
    },
    std::move(root), std::move(reply));
}

} // namespace

admin_guard loopback_only() {
  return [](const http::request&, const http::call_info& call, guard_done done) {
    if (call.loopback)
      return done(std::nullopt);
    done(http::error_response(http::status::forbidden, "FORBIDDEN",
                              "admin endpoints answer loopback clients only"));
  };
}

void add_admin_routes(http::router& routes, caf::actor_system& sys, caf::actor root,
                      admin_guard guard) {
  routes.add_async(http::verb::get, "/admin/actors",
                   [&sys, root, guard = std::move(guard)](const http::request& req,
                                                          const http::call_info& call,
                                                          http::reply_fn reply) {
                     bool text = wants_text(req);
                     guard(req, call, [&sys, root, text, reply](std::optional<http::response> refused) {
                       if (refused)
                         return reply(std::move(*refused));
                       fetch_tree(sys, root, text, reply);
                     });
                   });
}

} // namespace colors::app
