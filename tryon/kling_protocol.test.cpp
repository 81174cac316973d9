#include "tryon/kling_protocol.hpp"
#include "tryon/kling_errors.hpp"
#include "tryon/kling_reply.hpp"

#include <doctest/doctest.h>

using namespace colors::tryon;
namespace json = boost::json;

TEST_CASE("a create request round-trips through JSON, optional fields included") {
  create_task_request r{std::string{kling_model_v1_5},
                        "SFVNQU4=", "Q0xPVEg=", "http://127.0.0.1:9/cb", "ext-1"};
  auto parsed = parse_create_task_request(to_json(r));
  REQUIRE(parsed);
  CHECK(parsed->model_name == r.model_name);
  CHECK(parsed->human_image == r.human_image);
  CHECK(parsed->cloth_image == r.cloth_image);
  CHECK(parsed->callback_url == r.callback_url);
  CHECK(parsed->external_task_id == r.external_task_id);
}

TEST_CASE("a create request defaults the model and refuses fields of the wrong type") {
  auto minimal = parse_create_task_request(json::parse(R"({"human_image":"a","extra":1})"));
  REQUIRE(minimal);
  CHECK(minimal->model_name == kling_model_v1);
  CHECK(minimal->cloth_image.empty());
  CHECK_FALSE(minimal->callback_url);
  CHECK_FALSE(parse_create_task_request(json::parse(R"({"human_image":5})")));
  CHECK_FALSE(parse_create_task_request(json::parse(R"([1])")));
}

TEST_CASE("a task object round-trips, with its result and external id") {
  kling_task t{"860796",      task_status::succeed, "",
               1722769557708, 1722769597708,        {{0, "http://127.0.0.1:1/results/860796.jpg"}},
               "ext-9"};
  auto parsed = parse_task(to_json(t));
  REQUIRE(parsed);
  CHECK(*parsed == t);
}

TEST_CASE("task parsing is tolerant of unknown fields and missing optional ones") {
  auto v = json::parse(R"({"task_id":"x","task_status":"processing","final_unit_deduction":"1",
      "created_at":"1722769557708","task_info":{},"task_result":{"images":[{"url":"u"}]},
      "future":{"a":[1,2]}})");
  auto t = parse_task(v);
  REQUIRE(t);
  CHECK(t->status == task_status::processing);
  CHECK(t->created_at == 1722769557708);
  CHECK(t->updated_at == t->created_at);
  CHECK(t->images == std::vector<result_image>{{0, "u"}});
  CHECK_FALSE(t->external_task_id);
  CHECK_FALSE(parse_task(json::parse(R"({"task_id":"x","task_status":"succeeded"})")));
  CHECK_FALSE(parse_task(json::parse(R"({"task_status":"submitted"})")));
}

TEST_CASE("statuses use Kling's spelling and only succeed and failed are final") {
  CHECK(to_string(task_status::succeed) == "succeed");
  CHECK(parse_task_status("failed") == task_status::failed);
  CHECK_FALSE(parse_task_status("success"));
  CHECK_FALSE(is_final(task_status::submitted));
  CHECK_FALSE(is_final(task_status::processing));
  CHECK(is_final(task_status::succeed));
  CHECK(is_final(task_status::failed));
}

TEST_CASE("an envelope round-trips and a list parses as tasks") {
  kling_envelope e{0, "SUCCEED", "req-1",
                   json::array{to_json(kling_task{"a", task_status::submitted, "", 1, 1, {}, {}})}};
  auto parsed = parse_envelope(to_body(e));
  REQUIRE(parsed);
  CHECK(parsed->code == 0);
  CHECK(parsed->request_id == "req-1");
  auto list = parse_task_list(parsed->data);
  REQUIRE(list);
  CHECK(list->size() == 1);
  CHECK_FALSE(parse_envelope("<html>502</html>"));
  CHECK_FALSE(parse_envelope(R"({"message":"no code"})"));
}

TEST_CASE("the error table matches KLING.md: statuses and what to do") {
  for (int code : {1000, 1001, 1002})
    CHECK(kling_error(code).http_status == 401);
  for (int code : {1003, 1004}) {
    CHECK(kling_error(code).http_status == 401);
    CHECK(needs_remint(code));
    CHECK_FALSE(is_retryable(code));
  }
  for (int code : {1100, 1101, 1102, 1302, 1303, 1304})
    CHECK(kling_error(code).http_status == 429);
  CHECK(kling_error(1103).http_status == 403);
  for (int code : {1200, 1201, 1300, 1301})
    CHECK(kling_error(code).http_status == 400);
  for (int code : {1202, 1203})
    CHECK(kling_error(code).http_status == 404);
  CHECK(kling_error(5000).http_status == 500);
  CHECK(kling_error(5001).http_status == 503);
  CHECK(kling_error(5002).http_status == 504);
  for (int code : kling_error_codes) {
    bool retry = code == 1302 || code == 1303 || (code >= 5000 && code <= 5002);
    CHECK_MESSAGE(is_retryable(code) == retry, code);
    CHECK(kling_error(code).code == code);
    CHECK_FALSE(kling_error(code).message.empty());
  }
  CHECK(is_retryable(5099)); // unknown server errors are transient
  CHECK_FALSE(is_retryable(1250));
}

TEST_CASE("a reply's code is checked even with HTTP 200") {
  auto ok = classify_reply(200, R"({"code":0,"message":"SUCCEED","request_id":"r","data":{}})");
  CHECK(ok.ok);
  auto hidden = classify_reply(200, R"({"code":1303,"message":"busy","request_id":"r"})");
  CHECK_FALSE(hidden.ok);
  CHECK(hidden.code == 1303);
  CHECK(hidden.action == kling_action::retry);
  auto expired = classify_reply(401, R"({"code":1004,"message":"expired"})");
  CHECK(expired.action == kling_action::remint);
  auto proxy = classify_reply(502, "<html>Bad gateway</html>");
  CHECK(proxy.code == 5000);
  CHECK(proxy.action == kling_action::retry);
  auto garbage = classify_reply(200, "{not json");
  CHECK_FALSE(garbage.ok);
  CHECK(garbage.action == kling_action::retry);
  CHECK(classify_reply(400, R"({"code":1201,"message":"bad"})").action == kling_action::give_up);
}
