#include "media/library.hpp"
#include "media/test_images.hpp"

#include "common/errc.hpp"
#include "events/test_support.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::media;
using namespace colors::media::testing;

namespace {

processed_image processed(const std::string& bytes) {
  auto out = process_upload(bytes);
  REQUIRE_MESSAGE(out, (out ? "" : message_of(out.error())));
  return std::move(*out);
}

struct open_library {
  explicit open_library(const std::string& dir)
    : db(std::shared_ptr<events::store>{events::testing::open_store(dir)}),
      lib([db = db] { return db; }) {}
  std::shared_ptr<events::store> db;
  library lib;
};

} // namespace

TEST_CASE("an added image can be looked up and its bytes read back in every size") {
  events::testing::temp_dir dir;
  open_library open{dir.path()};
  auto img = processed(jpeg_of(1000, 800));
  auto added = open.lib.add(img, "user-1", media_purpose::product);
  REQUIRE(added);
  CHECK(added->created);
  auto info = open.lib.lookup(added->info.id);
  REQUIRE(info);
  CHECK(info->owner_id == "user-1");
  CHECK(info->purpose == media_purpose::product);
  CHECK(info->content_type == "image/jpeg");
  CHECK(info->width == 1000);
  CHECK(info->height == 800);
  CHECK(info->bytes == img.original.bytes.size());
  CHECK(info->sha256 == img.sha256);
  REQUIRE(info->renditions.size() == 3);
  CHECK(info->renditions[0].name == "thumb");
  CHECK(info->renditions[0].width == 256);
  CHECK(info->created_at > 0);
  CHECK(info->try_on_ready);
  CHECK(open.lib.bytes(info->id, "original").value() == img.original.bytes);
  CHECK(open.lib.bytes(info->id, "medium").value() == img.renditions.at("medium").bytes);
}

TEST_CASE("the same bytes for the same purpose are stored once") {
  events::testing::temp_dir dir;
  open_library open{dir.path()};
  auto img = processed(png_of(400, 400));
  auto first = open.lib.add(img, "user-1", media_purpose::product);
  auto again = open.lib.add(img, "user-2", media_purpose::product);
  REQUIRE(first);
  REQUIRE(again);
  CHECK_FALSE(again->created);
  CHECK(again->info.id == first->info.id);
  auto found = open.lib.find_duplicate(img.sha256, "user-3", media_purpose::product);
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK((*found)->id == first->info.id);
}

TEST_CASE("reference photos are deduplicated per owner only") {
  events::testing::temp_dir dir;
  open_library open{dir.path()};
  auto img = processed(png_of(400, 400));
  auto mine = open.lib.add(img, "user-1", media_purpose::reference);
  auto theirs = open.lib.add(img, "user-2", media_purpose::reference);
  auto as_product = open.lib.add(img, "user-1", media_purpose::product);
  REQUIRE((mine && theirs && as_product));
  CHECK(theirs->created);
  CHECK(theirs->info.id != mine->info.id);
  CHECK(as_product->info.id != mine->info.id);
  CHECK_FALSE(open.lib.add(img, "user-1", media_purpose::reference)->created);
}

TEST_CASE("an unknown id is not found, not a failure") {
  events::testing::temp_dir dir;
  open_library open{dir.path()};
  auto info = open.lib.lookup("0190f0c4-8d2e-7000-8000-000000000000");
  REQUIRE_FALSE(info);
  CHECK(code_of(info.error()) == errc::not_found);
  auto bytes = open.lib.bytes("0190f0c4-8d2e-7000-8000-000000000000", "thumb");
  REQUIRE_FALSE(bytes);
  CHECK(code_of(bytes.error()) == errc::not_found);
}

TEST_CASE("a malformed id is not found, whatever it holds") {
  events::testing::temp_dir dir;
  open_library open{dir.path()};
  for (std::string id : {"", "../etc", "x/original", "0190f0c4"}) {
    auto info = open.lib.lookup(id);
    REQUIRE_FALSE(info);
    CHECK(code_of(info.error()) == errc::not_found);
  }
}

TEST_CASE("stored images survive closing and reopening the store") {
  events::testing::temp_dir dir;
  auto img = processed(jpeg_of(900, 900));
  std::string id;
  {
    open_library open{dir.path()};
    auto added = open.lib.add(img, "user-1", media_purpose::product);
    REQUIRE(added);
    id = added->info.id;
  }
  open_library reopened{dir.path()};
  auto info = reopened.lib.lookup(id);
  REQUIRE(info);
  CHECK(info->sha256 == img.sha256);
  CHECK(reopened.lib.bytes(id, "original").value() == img.original.bytes);
  CHECK(reopened.lib.bytes(id, "large").value() == img.renditions.at("large").bytes);
  CHECK_FALSE(reopened.lib.add(img, "user-1", media_purpose::product)->created);
}

TEST_CASE("the media family keeps images in blob files") {
  events::testing::temp_dir dir;
  open_library open{dir.path()};
  REQUIRE(open.lib.add(processed(jpeg_of(1500, 1500)), "u", media_purpose::product));
  auto cf = open.db->read_model("blob_media");
  REQUIRE(cf);
  REQUIRE(open.db->raw()->Flush({}, *cf).ok());
  uint64_t blob_files = 0;
  REQUIRE(open.db->raw()->GetIntProperty(*cf, "rocksdb.num-blob-files", &blob_files));
  CHECK(blob_files >= 1);
}
