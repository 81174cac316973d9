#include "main/media_routes.hpp"

#include "main/media_http.hpp"

#include "common/bytes.hpp"
#include "common/digest.hpp"
#include "common/errc.hpp"
#include "common/metrics.hpp"
#include "http/errors.hpp"
#include "http/graphql_context.hpp"
#include "identity/policy.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <optional>

namespace colors::app {

namespace {

using principal_done = std::function<void(caf::expected<std::optional<identity::principal>>)>;

void count_upload(std::string_view outcome) {
  metrics::registry::global()
      .get_counter("colors_media_uploads_total", "Image uploads by outcome.",
                   {{"outcome", std::string{outcome}}})
      .inc();
}

void count_stored(const media::processed_image& img) {
  uint64_t bytes = img.original.bytes.size();
  for (const auto& [name, r] : img.renditions)
    bytes += r.bytes.size();
  metrics::registry::global()
      .get_counter("colors_media_stored_bytes_total",
                   "Bytes of images stored (originals and renditions).")
      .inc(bytes);
}

// A refusal: 401 answers also say how to authenticate.
http::response refusal(const caf::error& err) {
  auto res = http::error_response(err);
  if (code_of(err) == errc::unauthenticated)
    res.set(http::bhttp::field::www_authenticate, "Bearer");
  return res;
}

std::string_view header(const http::request& req, http::bhttp::field f) {
  auto value = req[f];
  return {value.data(), value.size()};
}

// The caller (nullopt when anonymous), or the reason the token is refused.
void identify(const authenticate_fn& authenticate, const http::request& req, principal_done done) {
  auto bearer = http::bearer_of(header(req, http::bhttp::field::authorization));
  if (bearer.empty())
    return done(std::optional<identity::principal>{});
  authenticate(bearer, [done](caf::expected<identity::principal> who) {
    if (!who)
      return done(who.error());
    done(std::optional<identity::principal>{std::move(*who)});
  });
}

// The shared state of the routes; the pool joins when the routes go away.
struct media_endpoints {
  explicit media_endpoints(media_endpoint_deps d) : deps(std::move(d)), pool(deps.threads) {}
  media_endpoint_deps deps;
  boost::asio::thread_pool pool;
};

http::response stored_response(const media::added_media& added) {
  return http::json_response(added.created ? http::status::created : http::status::ok,
                             upload_json(added.info));
}

// Dedupe first (no decoding for bytes seen before), then process and store. Pool thread.
http::response store_upload(media::library& lib, const media::upload_limits& limits,
                            std::string_view bytes, const std::string& owner,
                            media::media_purpose purpose) {
  auto existing = lib.find_duplicate(to_hex(sha256(bytes)), owner, purpose);
  if (existing && *existing) {
    count_upload("deduplicated");
    return stored_response({std::move(**existing), false});
  }
  auto img = media::process_upload(bytes, limits);
  if (!img) {
    count_upload("rejected");
    return http::error_response(img.error());
  }
  auto added = lib.add(*img, owner, purpose);
  if (!added) {
    // A reference photo Kling would refuse is the uploader's to fix, not our failure.
    count_upload(code_of(added.error()) == errc::invalid_argument ? "rejected" : "failed");
    return http::error_response(added.error());
  }
  if (added->created)
    count_stored(*img);
  count_upload(added->created ? "created" : "deduplicated");
  return stored_response(*added);
}

caf::expected<std::string_view> image_bytes(const http::request& req) {
  std::string_view body = req.body();
  if (auto file = multipart_file(header(req, http::bhttp::field::content_type), body))
    return *file;
  return body;
}

void upload(std::shared_ptr<media_endpoints> ep, const http::request& req, http::reply_fn reply) {
  auto target = std::string_view{req.target().data(), req.target().size()};
  auto purpose = upload_purpose(target);
  if (!purpose)
    return reply(http::error_response(purpose.error()));
  identify(ep->deps.authenticate, req, [ep, &req, purpose = *purpose, reply](auto who) {
    caf::error refused =
        !who ? who.error()
             : identity::authorize(*who ? &**who : nullptr, upload_operation(purpose),
                                   *who ? upload_resource(**who) : identity::resource{});
    if (refused) {
      count_upload("refused");
      return reply(refusal(refused));
    }
    auto bytes = image_bytes(req);
    if (!bytes) {
      count_upload("rejected");
      return reply(http::error_response(bytes.error()));
    }
    boost::asio::post(ep->pool, [lib = ep->deps.library, limits = ep->deps.limits, bytes = *bytes,
                                 owner = (*who)->user_id, purpose, reply] {
      reply(store_upload(*lib, limits, bytes, owner, purpose));
    });
  });
}

http::response image_response(const media::media_info& info, const std::string& size,
                              std::string bytes) {
  http::response res{http::status::ok, 11};
  res.set(http::bhttp::field::content_type, info.content_type);
  res.set(http::bhttp::field::etag, etag_of(info, size));
  res.set(http::bhttp::field::cache_control, cache_control_of(info.purpose));
  if (info.purpose == media::media_purpose::product)
    res.set("Cross-Origin-Resource-Policy", "cross-origin");
  res.body() = std::move(bytes);
  return res;
}

http::response not_modified(const media::media_info& info, const std::string& etag) {
  http::response res{http::status::not_modified, 11};
  res.set(http::bhttp::field::etag, etag);
  res.set(http::bhttp::field::cache_control, cache_control_of(info.purpose));
  return res;
}

// The bytes, or 304 when the client's copy is current. A reference photo is opened even then:
// once its owner is erased it is gone (404), also for a client holding a copy. Pool thread.
http::response serve_image(const media::library& lib, const media::media_info& info,
                           const std::string& requested, std::string if_none_match) {
  auto size = media::served_size(info, requested);
  auto etag = etag_of(info, size);
  bool is_public = info.purpose == media::media_purpose::product;
  if (is_public && none_match(if_none_match, etag))
    return not_modified(info, etag);
  auto bytes = lib.bytes(info, size);
  if (!bytes)
    return http::error_response(bytes.error());
  if (none_match(if_none_match, etag))
    return not_modified(info, etag);
  return image_response(info, size, std::move(*bytes));
}

// Reference photos: only their owner and platform admins.
caf::error check_reader(const std::optional<identity::principal>& who,
                        const media::media_info& info) {
  if (info.purpose == media::media_purpose::product)
    return {};
  return identity::authorize(who ? &*who : nullptr, read_reference_operation,
                             identity::resource{info.owner_id, {}});
}

// Pool thread.
http::response read_image(const media::library& lib, const std::string& id, const std::string& size,
                          const std::optional<identity::principal>& who,
                          std::string if_none_match) {
  auto info = lib.lookup(id);
  if (!info)
    return http::error_response(info.error());
  if (auto refused = check_reader(who, *info))
    return refusal(refused);
  return serve_image(lib, *info, size, std::move(if_none_match));
}

// The caller is identified first (asynchronously, only when a token is sent); the pool job
// then holds no reference to the endpoints, so the pool is never destroyed from its own thread.
void fetch(std::shared_ptr<media_endpoints> ep, const http::request& req, http::reply_fn reply) {
  auto target = std::string_view{req.target().data(), req.target().size()};
  auto size = requested_size(target);
  if (!size)
    return reply(http::error_response(size.error()));
  identify(ep->deps.authenticate, req,
           [ep, id = std::string{media_id_of(target)}, size = *size, reply,
            tag = std::string{header(req, http::bhttp::field::if_none_match)}](auto who) {
             if (!who)
               return reply(refusal(who.error()));
             boost::asio::post(
                 ep->pool, [lib = ep->deps.library, id, size, tag, reply, who = std::move(*who)] {
                   reply(read_image(*lib, id, size, who, tag));
                 });
           });
}

} // namespace

void add_media_routes(http::router& routes, media_endpoint_deps deps) {
  auto ep = std::make_shared<media_endpoints>(std::move(deps));
  routes.add_async(http::verb::post, "/uploads",
                   [ep](const http::request& req, const http::call_info&, http::reply_fn reply) {
                     upload(ep, req, std::move(reply));
                   });
  routes.add_prefix_async(http::verb::get, "/media/",
                          [ep](const http::request& req, const http::call_info&,
                               http::reply_fn reply) { fetch(ep, req, std::move(reply)); });
}

} // namespace colors::app
