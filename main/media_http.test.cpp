#include "main/media_http.hpp"

#include "common/errc.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace colors;
using namespace colors::app;

namespace {

media::media_info sample() {
  media::media_info info;
  info.id = "0190f0c4-8d2e-7000-8000-000000000001";
  info.purpose = media::media_purpose::product;
  info.content_type = "image/jpeg";
  info.width = 1200;
  info.height = 900;
  info.bytes = 12345;
  info.sha256 = std::string(64, 'a');
  info.renditions = {{"thumb", 256, 192, 999}};
  info.try_on_issues = {"too small"};
  return info;
}

} // namespace

TEST_CASE("the upload answer carries urls of the image and of each rendition") {
  auto body = boost::json::parse(upload_json(sample())).as_object();
  CHECK(body.at("url").as_string() == "/media/0190f0c4-8d2e-7000-8000-000000000001");
  CHECK(body.at("contentType").as_string() == "image/jpeg");
  CHECK(body.at("width").as_int64() == 1200);
  auto thumb = body.at("renditions").at("thumb").as_object();
  CHECK(thumb.at("url").as_string() == "/media/0190f0c4-8d2e-7000-8000-000000000001?size=thumb");
  CHECK(thumb.at("width").as_int64() == 256);
  CHECK(body.at("tryOnReady").as_bool() == false);
  CHECK(body.at("tryOnIssues").as_array().size() == 1);
}

TEST_CASE("purpose and size come from the query string, with clear refusals") {
  CHECK(upload_purpose("/uploads?purpose=product").value() == media::media_purpose::product);
  CHECK(upload_purpose("/uploads?x=1&purpose=reference").value()
        == media::media_purpose::reference);
  CHECK(code_of(upload_purpose("/uploads").error()) == errc::invalid_argument);
  CHECK(code_of(upload_purpose("/uploads?purpose=avatar").error()) == errc::invalid_argument);
  CHECK(requested_size("/media/x").value() == "original");
  CHECK(requested_size("/media/x?size=medium").value() == "medium");
  auto bad = requested_size("/media/x?size=huge");
  REQUIRE_FALSE(bad);
  CHECK(message_of(bad.error()).find("thumb, medium or large") != std::string::npos);
  CHECK(media_id_of("/media/abc?size=thumb") == "abc");
}

TEST_CASE("If-None-Match matches the strong tag, a weak copy of it, a list or *") {
  auto tag = etag_of(sample(), "thumb");
  CHECK(tag.front() == '"');
  CHECK(tag != etag_of(sample(), "original"));
  CHECK(none_match(tag, tag));
  CHECK(none_match("\"x\", W/" + tag, tag));
  CHECK(none_match("*", tag));
  CHECK_FALSE(none_match("\"other\"", tag));
  CHECK_FALSE(none_match("", tag));
}

TEST_CASE("product images are cached publicly for a year, reference photos privately") {
  CHECK(cache_control_of(media::media_purpose::product) == "public, max-age=31536000, immutable");
  CHECK(cache_control_of(media::media_purpose::reference).starts_with("private"));
}

TEST_CASE("a multipart body yields its file part; other bodies are the image itself") {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
      "Content-Type: image/png\r\n\r\n\x89PNG-bytes\r\n--XyZ--\r\n";
  auto file = multipart_file("multipart/form-data; boundary=XyZ", body);
  REQUIRE(file);
  REQUIRE(*file);
  CHECK(**file == "\x89PNG-bytes");
  CHECK_FALSE(multipart_file("image/png", body));
  auto broken = multipart_file("multipart/form-data; boundary=XyZ", "--XyZ\r\nno end");
  REQUIRE(broken);
  CHECK_FALSE(*broken);
  auto no_boundary = multipart_file("multipart/form-data", body);
  REQUIRE(no_boundary);
  CHECK_FALSE(*no_boundary);
}

TEST_CASE("brand admins upload for a brand they administer") {
  auto facts = std::make_shared<identity::auth_facts>();
  events::UserRole role;
  role.set_role("BRAND_ADMIN");
  role.add_brand_ids("brand-7");
  facts->roles.push_back(role);
  identity::principal who{"u1", facts};
  auto res = upload_resource(who);
  CHECK(res.brand_id == "brand-7");
  CHECK_FALSE(identity::authorize(&who, upload_operation(media::media_purpose::product), res));
  identity::principal shopper{"u2", std::make_shared<identity::auth_facts>()};
  CHECK(code_of(identity::authorize(&shopper, upload_operation(media::media_purpose::product),
                                    upload_resource(shopper)))
        == errc::forbidden);
  CHECK_FALSE(identity::authorize(&shopper, upload_operation(media::media_purpose::reference),
                                  upload_resource(shopper)));
}
