#include "kling_sim/sim_routes.hpp"

#include "common/ids.hpp"
#include "http/errors.hpp"
#include "tryon/kling_errors.hpp"

#include <charconv>

namespace colors::kling_sim {

namespace {

using namespace tryon;
using svc_ptr = std::shared_ptr<sim_service>;

const std::string base_path{kling_try_on_path};

http::response kling_response(const answer& a) {
  auto status = a.code == 0 ? 200u : kling_error(a.code).http_status;
  kling_envelope e{a.code, a.message, uuid_to_string(new_uuid()), a.data};
  return http::json_response(static_cast<http::status>(status), to_body(e));
}

http::response fault_response(sim_fault f) {
  if (f == sim_fault::malformed) // a body cut off mid-JSON
    return http::json_response(http::status::ok, R"({"code":0,"message":"SUCCEED","data":{"ta)");
  return kling_response({5000, std::string{kling_error(5000).message}, nullptr});
}

std::string_view header(const http::request& req, http::bhttp::field f) {
  auto value = req[f];
  return {value.data(), value.size()};
}

// Authenticates, injects a fault if one is drawn, then answers with `handle(account)`.
template <class Handle>
http::async_handler guarded(svc_ptr svc, Handle handle) {
  return [svc, handle](const http::request& req, const http::call_info&, http::reply_fn reply) {
    auto auth = svc->authenticate(header(req, http::bhttp::field::authorization));
    if (auth.code != 0)
      return reply(
          kling_response({auth.code, std::string{kling_error(auth.code).message}, nullptr}));
    auto fault = svc->next_fault();
    if (fault == sim_fault::hang)
      return svc->hold(std::move(reply));
    if (fault != sim_fault::none)
      return reply(fault_response(fault));
    reply(kling_response(handle(req, auth.account)));
  };
}

// A query parameter as an integer in [lo, hi]; `fallback` when absent, nullopt when invalid.
std::optional<size_t> ranged(std::string_view target, std::string_view name, size_t lo, size_t hi,
                             size_t fallback) {
  auto text = http::query_param(target, name);
  if (!text)
    return fallback;
  size_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size() || value < lo || value > hi)
    return std::nullopt;
  return value;
}

answer list_or_external(sim_service& svc, const http::request& req, const std::string& account) {
  std::string_view target{req.target().data(), req.target().size()};
  if (auto external = http::query_param(target, "external_task_id"))
    return svc.find_external(account, *external);
  auto page_num = ranged(target, "pageNum", 1, 1000, 1);
  auto page_size = ranged(target, "pageSize", 1, 500, 30);
  if (!page_num || !page_size)
    return {1201, "pageNum must be 1-1000 and pageSize 1-500", nullptr};
  return svc.list(account, *page_num, *page_size);
}

http::response result_response(sim_service& svc, std::string_view target) {
  auto name = http::path_of(target).substr(std::string_view{"/results/"}.size());
  if (!name.ends_with(".jpg"))
    return http::error_response(http::status::not_found, "not_found", "no such result");
  auto jpeg = svc.result(name.substr(0, name.size() - 4));
  if (!jpeg)
    return http::error_response(http::status::not_found, "not_found", "no such result");
  http::response res{http::status::ok, 11};
  res.set(http::bhttp::field::content_type, "image/jpeg");
  res.body() = std::move(*jpeg);
  res.prepare_payload();
  return res;
}

} // namespace

void add_sim_routes(http::router& routes, svc_ptr svc) {
  routes.add_async(http::verb::post, base_path,
                   guarded(svc, [svc](const http::request& req, const std::string& account) {
                     return svc->create(account, req.body());
                   }));
  routes.add_async(http::verb::get, base_path,
                   guarded(svc, [svc](const http::request& req, const std::string& account) {
                     return list_or_external(*svc, req, account);
                   }));
  routes.add_prefix_async(http::verb::get, base_path + "/",
                          guarded(svc, [svc](const http::request& req, const std::string& account) {
                            std::string_view target{req.target().data(), req.target().size()};
                            auto id = http::path_of(target).substr(base_path.size() + 1);
                            return svc->find(account, id);
                          }));
  routes.add_prefix_async(
      http::verb::get, "/results/",
      [svc](const http::request& req, const http::call_info&, http::reply_fn reply) {
        std::string_view target{req.target().data(), req.target().size()};
        reply(result_response(*svc, target));
      });
}

} // namespace colors::kling_sim
