#pragma once
// The media endpoints (docs/media.md):
//   POST /uploads?purpose=product|reference   raw image bytes or multipart/form-data with one
//        file; 201 with the stored image's JSON, 200 with the same body when these bytes were
//        stored before (dedupe). Product images: brand and platform admins; reference photos
//        (a shopper's own, for try-on): any signed-in user; stored only encrypted under the
//        owner's data key, and refused (400, saying why) when Kling would refuse them.
//   GET  /media/{id}[?size=thumb|medium|large]  the bytes, with a strong ETag and immutable
//        caching for product images; reference photos only for their owner and platform admins,
//        and 404 once the owner's account is deleted (their key is shredded).
//
// Thread-safety: add the routes before the server starts. Handlers run on the I/O threads and
// hand the blocking work (libvips, RocksDB) to the endpoints' own small thread pool.
#include "http/router.hpp"
#include "identity/directory.hpp"
#include "media/library.hpp"
#include "media/process.hpp"

#include <caf/expected.hpp>

#include <functional>
#include <memory>
#include <string_view>

namespace colors::app {

// Answers with the caller behind an access token (any thread), or unauthenticated.
using authenticate_fn = std::function<void(
    std::string_view bearer, std::function<void(caf::expected<identity::principal>)> done)>;

struct media_endpoint_deps {
  std::shared_ptr<media::library> library;
  authenticate_fn authenticate;
  media::upload_limits limits;
  size_t threads = 2;
};

void add_media_routes(http::router& routes, media_endpoint_deps deps);

} // namespace colors::app
