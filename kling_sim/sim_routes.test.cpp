#include "kling_sim/sim_routes.hpp"

#include "common/base64.hpp"
#include "common/clock.hpp"
#include "events/test_support.hpp"
#include "media/test_images.hpp"
#include "tryon/kling_reply.hpp"

#include <doctest/doctest.h>

#include <future>

using namespace colors;
using namespace colors::kling_sim;
using namespace colors::tryon;

// Named apart from the other test files of the module, which share its unity-build batch.
namespace sim_routes_test {

namespace {

const kling_credentials creds{"AK", "SK"};

struct fixture {
  explicit fixture(sim_faults faults,
                   std::chrono::milliseconds hang = std::chrono::milliseconds{50}) {
    service_options opts;
    opts.data_dir = dir.path();
    opts.accounts = {{creds.access_key, creds.secret_key}};
    opts.model.latency = {50, 50};
    opts.model.faults = faults;
    opts.hang = hang;
    auto started = sim_service::start(opts);
    REQUIRE(started);
    svc = std::move(*started);
    svc->set_public_base("http://127.0.0.1:1");
    add_sim_routes(routes, svc);
  }

  http::response call(http::verb method, std::string target, std::string body = {}) {
    http::request req{method, target, 11};
    req.set(http::bhttp::field::authorization,
            "Bearer " + mint_kling_token(creds, unix_millis() / 1000));
    req.body() = std::move(body);
    req.prepare_payload();
    std::promise<http::response> answered;
    routes.dispatch(req, [&answered](http::response res) { answered.set_value(std::move(res)); });
    auto future = answered.get_future();
    REQUIRE(future.wait_for(std::chrono::seconds{10}) == std::future_status::ready);
    return future.get();
  }

  events::testing::temp_dir dir;
  std::shared_ptr<sim_service> svc;
  http::router routes;
};

std::string create_body() {
  auto image = base64_encode(media::testing::jpeg_of(320, 480));
  return boost::json::serialize(
      to_json(create_task_request{std::string{kling_model_v1}, image, image, {}, {}}));
}

const std::string path{kling_try_on_path};

} // namespace

TEST_CASE("without faults a created task renders to a result the service serves") {
  fixture f{{}};
  auto created = classify_reply(200, f.call(http::verb::post, path, create_body()).body());
  REQUIRE_MESSAGE(created.ok, created.message);
  auto id = std::string{created.envelope.data.at("task_id").as_string()};
  kling_task task;
  for (int i = 0; i < 500 && !is_final(task.status); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
    auto res = f.call(http::verb::get, path + "/" + id);
    task = *parse_task(classify_reply(200, res.body()).envelope.data);
  }
  REQUIRE(task.status == task_status::succeed);
  CHECK(task.images.at(0).url == "http://127.0.0.1:1/results/" + id + ".jpg");
  auto image = f.call(http::verb::get, "/results/" + id + ".jpg");
  CHECK(image.result() == http::status::ok);
  CHECK(image.body().substr(0, 2) == "\xFF\xD8");
}

TEST_CASE("a server-error fault answers 500 with code 5000, retryable") {
  fixture f{{.server_error = 1}};
  auto res = f.call(http::verb::post, path, create_body());
  CHECK(res.result_int() == 500);
  auto reply = classify_reply(res.result_int(), res.body());
  CHECK(reply.code == 5000);
  CHECK(reply.action == kling_action::retry);
}

TEST_CASE("a malformed-body fault answers 200 with a body a client must not trust") {
  fixture f{{.malformed = 1}};
  auto res = f.call(http::verb::get, path + "?pageNum=1&pageSize=10");
  CHECK(res.result_int() == 200);
  auto reply = classify_reply(200, res.body());
  CHECK_FALSE(reply.ok);
  CHECK(reply.action == kling_action::retry);
}

TEST_CASE("a hang fault holds the request, then answers 504 with code 5002") {
  fixture f{{.hang = 1}, std::chrono::milliseconds{100}};
  auto start = std::chrono::steady_clock::now();
  auto res = f.call(http::verb::get, path + "/any");
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds{100});
  CHECK(res.result_int() == 504);
  CHECK(classify_reply(504, res.body()).code == 5002);
}

TEST_CASE("faults come after authentication: a bad token is still 401") {
  fixture f{{.server_error = 1}};
  http::request req{http::verb::get, path, 11};
  std::promise<http::response> answered;
  f.routes.dispatch(req, [&](http::response res) { answered.set_value(std::move(res)); });
  auto res = answered.get_future().get();
  CHECK(res.result_int() == 401);
  CHECK_MESSAGE(classify_reply(401, res.body()).code == 1001, res.body());
}

} // namespace sim_routes_test
