#include "media/library.hpp"
#include "media/process_result.hpp"
#include "media/test_images.hpp"

#include "common/aead.hpp"
#include "common/errc.hpp"
#include "events/test_support.hpp"

#include <doctest/doctest.h>

#include <map>
#include <mutex>

using namespace colors;
using namespace colors::media;
using namespace colors::media::testing;

namespace {

processed_image processed(const std::string& bytes) {
  auto out = process_upload(bytes);
  REQUIRE_MESSAGE(out, (out ? "" : message_of(out.error())));
  return std::move(*out);
}

// Per-owner AES-256-GCM keys, as identity::pii_vault keeps them, with shredding.
class test_keys {
public:
  media::sealer sealer() {
    media::sealer out;
    out.seal = [this](const std::string& owner, std::string_view field,
                      std::string_view plain) -> caf::expected<std::string> {
      return aead_encrypt(key_of(owner), plain, owner + "/" + std::string{field});
    };
    out.open = [this](const std::string& owner, std::string_view field,
                      std::string_view sealed) -> caf::expected<std::string> {
      std::lock_guard lock{mutex_};
      auto it = keys_.find(owner);
      if (it == keys_.end())
        return make_error(errc::not_found, "the personal data of this user was erased");
      return aead_decrypt(it->second, sealed, owner + "/" + std::string{field});
    };
    return out;
  }

  void shred(const std::string& owner) {
    std::lock_guard lock{mutex_};
    keys_.erase(owner);
  }

private:
  std::string key_of(const std::string& owner) {
    std::lock_guard lock{mutex_};
    auto& key = keys_[owner];
    if (key.empty())
      key = new_data_key();
    return key;
  }

  std::mutex mutex_;
  std::map<std::string, std::string> keys_;
};

struct open_library {
  explicit open_library(const std::string& dir, media::sealer seal = {})
    : db(std::shared_ptr<events::store>{events::testing::open_store(dir)}),
      lib([db = db] { return db; }, std::move(seal)) {}

  // The value stored under a key of the media family, as it is on disk.
  std::string raw(const std::string& key) {
    auto cf = db->read_model("blob_media");
    REQUIRE(cf);
    std::string out;
    REQUIRE(db->raw()->Get({}, *cf, key, &out).ok());
    return out;
  }

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
  test_keys keys;
  open_library open{dir.path(), keys.sealer()};
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

TEST_CASE("a reference photo is stored sealed and read back opened, in every size") {
  events::testing::temp_dir dir;
  test_keys keys;
  open_library open{dir.path(), keys.sealer()};
  auto img = processed(png_of(600, 500));
  auto added = open.lib.add(img, "user-1", media_purpose::reference);
  REQUIRE(added);
  const auto& id = added->info.id;
  auto stored = open.raw("b" + id + "/original");
  CHECK(stored != img.original.bytes);
  CHECK(stored.find(img.original.bytes.substr(img.original.bytes.size() / 2, 64))
        == std::string::npos);
  CHECK(stored.size() == img.original.bytes.size() + aead_overhead);
  CHECK(open.raw("b" + id + "/large") != img.renditions.at("large").bytes);
  CHECK(open.lib.bytes(id, "original").value() == img.original.bytes);
  for (const auto& [name, r] : img.renditions)
    CHECK(open.lib.bytes(id, name).value() == r.bytes);
  CHECK_FALSE(open.lib.add(img, "user-1", media_purpose::reference)->created);
}

TEST_CASE("a try-on result is served its next larger size until its smaller renditions are added, sealed") {
  events::testing::temp_dir dir;
  test_keys keys;
  open_library open{dir.path(), keys.sealer()};
  auto bytes = jpeg_of(360, 480);
  auto img = process_result(bytes);
  REQUIRE(img);
  REQUIRE(img->renditions_to_make == std::vector<std::string>{"thumb"});
  auto added = open.lib.add(*img, "user-1", media_purpose::reference, media_sync::with_next_synced_write);
  REQUIRE(added);
  const auto& id = added->info.id;
  CHECK(added->info.renditions.size() == 2);
  CHECK(served_size(added->info, "thumb") == "medium");
  CHECK(served_size(added->info, "large") == "large");
  CHECK(served_size(added->info, "original") == "original");
  CHECK(code_of(open.lib.bytes(id, "thumb").error()) == errc::not_found);

  auto made = make_renditions(bytes, img->renditions_to_make);
  REQUIRE(made);
  REQUIRE_FALSE(open.lib.add_renditions(id, *made));
  auto info = open.lib.lookup(id);
  REQUIRE(info);
  REQUIRE(info->renditions.size() == 3);
  CHECK(info->renditions[0].name == "thumb");
  CHECK(info->renditions[0].width == 192);
  CHECK(served_size(*info, "thumb") == "thumb");
  CHECK(open.lib.bytes(id, "thumb").value() == made->at("thumb").bytes);
  CHECK(open.raw("b" + id + "/thumb") != made->at("thumb").bytes); // sealed like the rest
  CHECK(code_of(open.lib.add_renditions("00000000-0000-4000-8000-000000000000", *made)) == errc::not_found);
  rendition_map bogus{{"huge", made->at("thumb")}};
  CHECK(code_of(open.lib.add_renditions(id, bogus)) == errc::invalid_argument);
}

TEST_CASE("served_size falls back to the next larger rendition the image has, then the original") {
  media_info info;
  CHECK(served_size(info, "thumb") == "original");
  info.renditions.push_back({"large", 2048, 1024, 10});
  CHECK(served_size(info, "thumb") == "large");
  CHECK(served_size(info, "medium") == "large");
  CHECK(served_size(info, "nonsense") == "original");
}

TEST_CASE("product images stay plaintext when a sealer is configured") {
  events::testing::temp_dir dir;
  test_keys keys;
  open_library open{dir.path(), keys.sealer()};
  auto img = processed(png_of(400, 400));
  auto added = open.lib.add(img, "admin", media_purpose::product);
  REQUIRE(added);
  CHECK(open.raw("b" + added->info.id + "/original") == img.original.bytes);
}

TEST_CASE("without a sealer a reference photo is refused and nothing is stored") {
  events::testing::temp_dir dir;
  open_library open{dir.path()};
  auto img = processed(png_of(400, 400));
  auto added = open.lib.add(img, "user-1", media_purpose::reference);
  REQUIRE_FALSE(added);
  CHECK(code_of(added.error()) == errc::unavailable);
  CHECK(message_of(added.error()).find("encrypt") != std::string::npos);
  auto found = open.lib.find_duplicate(img.sha256, "user-1", media_purpose::reference);
  REQUIRE(found);
  CHECK_FALSE(found->has_value());
}

TEST_CASE("a reference photo Kling would refuse is not stored, and the answer says why") {
  events::testing::temp_dir dir;
  test_keys keys;
  open_library open{dir.path(), keys.sealer()};
  auto img = processed(png_of(200, 180));
  auto added = open.lib.add(img, "user-1", media_purpose::reference);
  REQUIRE_FALSE(added);
  CHECK(code_of(added.error()) == errc::invalid_argument);
  CHECK(message_of(added.error()).find("200x180 px") != std::string::npos);
  CHECK_FALSE(open.lib.find_duplicate(img.sha256, "user-1", media_purpose::reference)->has_value());
  CHECK(open.lib.add(img, "user-1", media_purpose::product)); // product images: stored, flagged
}

TEST_CASE("a reference photo whose owner's key is shredded is not found, in every size") {
  events::testing::temp_dir dir;
  test_keys keys;
  open_library open{dir.path(), keys.sealer()};
  auto added = open.lib.add(processed(jpeg_of(800, 1000)), "user-1", media_purpose::reference);
  REQUIRE(added);
  keys.shred("user-1");
  for (std::string size : {"original", "thumb", "medium", "large"}) {
    auto bytes = open.lib.bytes(added->info.id, size);
    REQUIRE_FALSE(bytes);
    CHECK(code_of(bytes.error()) == errc::not_found);
  }
}

TEST_CASE("sealed bytes that do not open (moved to another image or size) are not found") {
  events::testing::temp_dir dir;
  test_keys keys;
  open_library open{dir.path(), keys.sealer()};
  auto a = open.lib.add(processed(png_of(400, 400)), "user-1", media_purpose::reference);
  auto b = open.lib.add(processed(png_of(500, 400)), "user-1", media_purpose::reference);
  REQUIRE((a && b));
  auto cf = open.db->read_model("blob_media");
  REQUIRE(cf);
  auto moved = open.raw("b" + a->info.id + "/large");
  REQUIRE(open.db->raw()->Put({}, *cf, "b" + b->info.id + "/large", moved).ok());
  auto bytes = open.lib.bytes(b->info.id, "large");
  REQUIRE_FALSE(bytes);
  CHECK(code_of(bytes.error()) == errc::not_found);
}

TEST_CASE("the large rendition for its owner: the owner gets it, others are forbidden") {
  events::testing::temp_dir dir;
  test_keys keys;
  open_library open{dir.path(), keys.sealer()};
  auto img = processed(jpeg_of(2500, 3000));
  auto added = open.lib.add(img, "user-1", media_purpose::reference);
  REQUIRE(added);
  auto mine = open.lib.bytes_for_owner(added->info.id, "large", "user-1");
  REQUIRE(mine);
  CHECK(*mine == img.renditions.at("large").bytes);
  auto theirs = open.lib.bytes_for_owner(added->info.id, "large", "user-2");
  REQUIRE_FALSE(theirs);
  CHECK(code_of(theirs.error()) == errc::forbidden);
  auto unknown =
      open.lib.bytes_for_owner("0190f0c4-8d2e-7000-8000-000000000000", "large", "user-1");
  REQUIRE_FALSE(unknown);
  CHECK(code_of(unknown.error()) == errc::not_found);
}
