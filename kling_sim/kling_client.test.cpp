// The Kling client against the simulator on a loopback port: real HTTP, real JWTs, real images.
// A thin front router around the simulator's routes counts accepted creates and injects what
// the simulator cannot (a gateway's 500 page, a server that only knows ?external_task_id=).
#include "tryon/kling_client.hpp"

#include "common/base64.hpp"
#include "common/errc.hpp"
#include "common/metrics.hpp"
#include "events/test_support.hpp"
#include "http/errors.hpp"
#include "http/server.hpp"
#include "kling_sim/sim_routes.hpp"
#include "media/test_images.hpp"
#include "tryon/kling_reply.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

using namespace colors;
using namespace colors::kling_sim;
using namespace colors::tryon;
using ms = std::chrono::milliseconds;

namespace {

const kling_credentials creds{"AK", "SK"};
const std::string path{kling_try_on_path};

sim_config quick_model(size_t concurrency = 5) {
  sim_config model;
  model.latency = {50, 50};
  model.concurrency = concurrency;
  return model;
}

// What the front does besides forwarding.
struct front_knobs {
  std::atomic<bool> fail_all{false};   // API calls answer a proxy's HTML 500
  std::atomic<bool> path_is_id{false}; // the path form knows only Kling's ids, not "ext-..."
  std::atomic<int> expire_next{0};     // answer this many API calls with 401/1004
  std::atomic<int> creates_accepted{0};
  std::atomic<int> delay_ms{0}; // hold every answer this long
};

// Sends `res` through `reply` after `knobs.delay_ms` (from a thread of its own when held).
void reply_after_delay(front_knobs& knobs, http::reply_fn reply, http::response res) {
  int delay = knobs.delay_ms;
  if (delay <= 0)
    return reply(std::move(res));
  std::thread([delay, reply = std::move(reply), res = std::move(res)]() mutable {
    std::this_thread::sleep_for(ms{delay});
    reply(std::move(res));
  }).detach();
}

http::response gateway_error() {
  http::response res{http::status::internal_server_error, 11};
  res.set(http::bhttp::field::content_type, "text/html");
  res.body() = "<html><body>502 Bad Gateway</body></html>";
  res.prepare_payload();
  return res;
}

http::response not_found_1203() {
  return http::json_response(http::status::not_found,
                             R"({"code":1203,"message":"not found","request_id":"r"})");
}

using shared_router = std::shared_ptr<http::router>;

http::async_handler forward(shared_router inner, front_knobs& knobs) {
  return
      [inner, &knobs](const http::request& req, const http::call_info& call, http::reply_fn reply) {
        if (knobs.fail_all)
          return reply(gateway_error());
        if (knobs.expire_next > 0 && knobs.expire_next-- > 0)
          return reply(http::json_response(
              http::status::unauthorized, R"({"code":1004,"message":"expired","request_id":"r"})"));
        std::string_view target{req.target().data(), req.target().size()};
        auto target_path = http::path_of(target);
        auto id = target_path.size() > path.size() ? target_path.substr(path.size() + 1) : "";
        if (knobs.path_is_id && id.starts_with("ext-"))
          return reply(not_found_1203());
        bool is_create = req.method() == http::verb::post;
        inner->dispatch(req, call, [&knobs, is_create, reply](http::response res) {
          if (is_create && classify_reply(res.result_int(), res.body()).ok)
            knobs.creates_accepted++;
          reply_after_delay(knobs, reply, std::move(res));
        });
      };
}

struct fixture {
  explicit fixture(sim_config model = quick_model(), ms hang = ms{30'000}) {
    REQUIRE_FALSE(media::start_vips());
    service_options opts;
    opts.data_dir = dir.path();
    opts.accounts = {{creds.access_key, creds.secret_key}};
    opts.model = model;
    opts.hang = hang;
    auto started = sim_service::start(opts);
    REQUIRE(started);
    svc = std::move(*started);
    auto inner = std::make_shared<http::router>();
    add_sim_routes(*inner, svc);
    auto front = std::make_shared<http::router>();
    front->add_async(http::verb::post, path, forward(inner, knobs));
    front->add_async(http::verb::get, path, forward(inner, knobs));
    front->add_prefix_async(http::verb::get, path + "/", forward(inner, knobs));
    front->add_prefix_async(http::verb::get, "/results/",
                            [inner](const http::request& req, const http::call_info& call,
                                    http::reply_fn reply) { inner->dispatch(req, call, reply); });
    http::server_options so;
    so.listen = "127.0.0.1:0";
    so.drain_timeout = ms{500};
    so.limits.body_limit_by_path[path] = create_body_limit;
    auto srv = http::server::start(std::move(so), front);
    REQUIRE(srv);
    server = std::move(*srv);
    svc->set_public_base("http://" + server->address());
  }

  ~fixture() {
    svc->release_held();
    server->stop();
  }

  kling_client_options options() const {
    kling_client_options o;
    o.base_url = "http://" + server->address();
    o.credentials = creds;
    o.backoff_initial = ms{5};
    o.backoff_max = ms{50};
    o.concurrency_backoff_initial = ms{20};
    o.request_timeout = ms{10'000};
    return o;
  }

  std::unique_ptr<kling_client> client(kling_client_options o) const {
    auto started = kling_client::start(std::move(o));
    REQUIRE(started);
    return std::move(*started);
  }

  size_t tasks_in_sim() const {
    auto listed = svc->list(creds.access_key, 1, 500);
    REQUIRE(listed.code == 0);
    return listed.data.as_array().size();
  }

  events::testing::temp_dir dir;
  front_knobs knobs;
  std::shared_ptr<sim_service> svc;
  std::unique_ptr<http::server> server;
};

create_task_request request(std::optional<std::string> external = {}) {
  static const auto human = base64_encode(media::testing::jpeg_of(320, 480));
  static const auto cloth = base64_encode(media::testing::png_of(300, 300));
  create_task_request r;
  r.human_image = human;
  r.cloth_image = cloth;
  r.external_task_id = std::move(external);
  return r;
}

template <class T, class Start>
T await(Start start) {
  auto promise = std::make_shared<std::promise<T>>();
  auto future = promise->get_future();
  start([promise](T value) { promise->set_value(std::move(value)); });
  REQUIRE(future.wait_for(std::chrono::seconds{60}) == std::future_status::ready);
  return future.get();
}

kling_outcome created(kling_client& c, create_task_request r) {
  return await<kling_outcome>([&](auto done) { c.create(std::move(r), done); });
}

kling_outcome queried(kling_client& c, const std::string& id) {
  return await<kling_outcome>([&](auto done) { c.query(id, done); });
}

// Polls until the task ends; the attempts of every query are added to `attempts`.
kling_task until_final(kling_client& c, const std::string& id, int* attempts = nullptr,
                       int* calls = nullptr) {
  for (int i = 0; i < 3000; ++i) {
    auto out = queried(c, id);
    if (attempts)
      *attempts += out.attempts;
    if (calls)
      ++*calls;
    REQUIRE_MESSAGE(out.ok, out.message);
    if (is_final(out.task->status))
      return *out.task;
    std::this_thread::sleep_for(ms{10});
  }
  FAIL("task " << id << " never ended");
  return {};
}

// Creates `n` tasks at once and drives each to its end (note_final), as the try-on actor
// would. Returns the most tasks that were running (created, not yet final) at one time.
size_t create_and_finish(kling_client& c, int n, const std::string& prefix) {
  struct tally { // shared with the callbacks, which may outlive a failed REQUIRE here
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<std::string> ids;
    std::vector<std::string> failed;
    size_t running = 0, most = 0;
  };
  auto t = std::make_shared<tally>();
  for (int i = 0; i < n; ++i)
    c.create(request(prefix + std::to_string(i)), [t](kling_outcome out) {
      std::lock_guard guard{t->mutex};
      if (out.ok) {
        t->ids.push_back(out.task->task_id);
        t->most = std::max(t->most, ++t->running);
      } else {
        t->failed.push_back(out.message);
      }
      t->cv.notify_all();
    });
  for (size_t done = 0; done < size_t(n); ++done) {
    std::string id;
    {
      std::unique_lock lock{t->mutex};
      REQUIRE(t->cv.wait_for(lock, std::chrono::seconds{60},
                             [&] { return !t->failed.empty() || done < t->ids.size(); }));
      REQUIRE_MESSAGE(t->failed.empty(), (t->failed.empty() ? "" : t->failed.front()));
      id = t->ids[done];
    }
    CHECK(until_final(c, id).status == task_status::succeed);
    {
      std::lock_guard guard{t->mutex};
      --t->running;
    }
    c.note_final(id);
  }
  std::lock_guard guard{t->mutex};
  return t->most;
}

bool decodes_as_jpeg(const std::string& bytes) {
  if (bytes.substr(0, 2) != "\xFF\xD8")
    return false;
  auto image = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "");
  return image.width() > 0 && image.height() > 0;
}

} // namespace

TEST_CASE("a created task is queried until it succeeds and its result downloads as a JPEG") {
  fixture f;
  auto c = f.client(f.options());
  auto out = created(*c, request());
  REQUIRE_MESSAGE(out.ok, out.message);
  CHECK(out.attempts == 1);
  CHECK(out.task->status == task_status::submitted);
  CHECK(c->stats().running == 1);
  auto task = until_final(*c, out.task->task_id);
  REQUIRE(task.status == task_status::succeed);
  REQUIRE(task.images.size() == 1);
  auto image =
      await<caf::expected<std::string>>([&](auto done) { c->download(task.images[0].url, done); });
  REQUIRE_MESSAGE(image, message_of(image.error()));
  CHECK(decodes_as_jpeg(*image));
  c->note_final(task.task_id);
  c->note_final(task.task_id); // idempotent
  CHECK(c->stats().running == 0);
  CHECK(c->stats().circuit == "closed");
}

TEST_CASE("the client's metrics are valid Prometheus series in the global registry") {
  fixture f;
  auto first = f.client(f.options());
  auto second = f.client(f.options()); // the gauges are registered once, not per client
  REQUIRE(created(*first, request()).ok);
  second.reset();
  auto text = metrics::registry::global().render();
  CHECK(text.find("colors_kling_queue_length 0") != std::string::npos);
  CHECK(text.find("colors_kling_running_tasks 1") != std::string::npos);
  CHECK(text.find("colors_kling_circuit_open 0") != std::string::npos);
  CHECK(text.find(R"(colors_kling_responses_total{operation="create",code="0"})")
        != std::string::npos);
  CHECK(text.find(R"(colors_kling_request_seconds_count{operation="create"})")
        != std::string::npos);
}

TEST_CASE("a task is found by our external id in the path form and in the query form") {
  fixture f;
  auto c = f.client(f.options());
  auto out = created(*c, request("ext-42"));
  REQUIRE_MESSAGE(out.ok, out.message);
  auto by_path = await<kling_outcome>([&](auto done) { c->query_external("ext-42", done); });
  REQUIRE_MESSAGE(by_path.ok, by_path.message);
  CHECK(by_path.task->task_id == out.task->task_id);
  CHECK(by_path.attempts == 1);

  f.knobs.path_is_id = true;
  auto by_param = await<kling_outcome>([&](auto done) { c->query_external("ext-42", done); });
  REQUIRE_MESSAGE(by_param.ok, by_param.message);
  CHECK(by_param.task->task_id == out.task->task_id);
  CHECK(by_param.attempts == 2);

  auto unknown = await<kling_outcome>([&](auto done) { c->query_external("ext-nope", done); });
  CHECK_FALSE(unknown.ok);
  CHECK(unknown.code == 1203);
  CHECK_FALSE(unknown.retryable);
}

TEST_CASE("bad credentials give up at once with 1002") {
  fixture f;
  auto o = f.options();
  o.credentials.secret_key = "wrong";
  auto c = f.client(o);
  auto out = created(*c, request());
  CHECK_FALSE(out.ok);
  CHECK(out.code == 1002);
  CHECK(out.attempts == 1);
  CHECK_FALSE(out.retryable);
  CHECK(f.knobs.creates_accepted == 0);
  CHECK(c->stats().queued == 0);
  CHECK(c->stats().running == 0);
}

TEST_CASE("an expired token is re-minted and the request sent again, once") {
  fixture f;
  auto c = f.client(f.options());
  f.knobs.expire_next = 1;
  auto out = created(*c, request());
  REQUIRE_MESSAGE(out.ok, out.message);
  CHECK(out.attempts == 2);
  f.knobs.expire_next = 2;
  auto again = queried(*c, out.task->task_id);
  CHECK_FALSE(again.ok);
  CHECK(again.code == 1004);
  CHECK(again.attempts == 2);
  CHECK_FALSE(again.retryable);
}

TEST_CASE("timeouts are retried, then reported as 5002, and count against the circuit") {
  auto model = quick_model();
  model.faults.hang = 1;
  fixture f{model, ms{10'000}};
  auto o = f.options();
  o.request_timeout = ms{100};
  o.max_attempts = 2;
  o.breaker_threshold = 2;
  auto c = f.client(o);
  auto out = queried(*c, "123");
  CHECK(out.code == 5002);
  CHECK(out.retryable);
  CHECK(out.attempts == 2);
  CHECK(c->stats().circuit == "open");
}

TEST_CASE("a server that refuses connections is retried, then reported as 5000") {
  fixture f;
  auto o = f.options();
  o.base_url = "http://127.0.0.1:1";
  o.max_attempts = 3;
  auto c = f.client(o);
  auto out = queried(*c, "123");
  CHECK(out.code == 5000);
  CHECK(out.retryable);
  CHECK(out.attempts == 3);
  CHECK_MESSAGE(out.message.find("transport") != std::string::npos, out.message);
}

TEST_CASE("requests past max_connections wait in the client; each one's timeout starts when it is sent") {
  fixture f;
  f.knobs.delay_ms = 40;
  auto o = f.options();
  o.max_connections = 2;
  o.request_timeout = ms{800};
  o.max_attempts = 1;
  auto c = f.client(o);
  // 80 queries of 40 ms each over 2 connections take about 1.6 s, twice the timeout: only
  // requests whose timeout runs from their own sending all get their answer (1203: no task).
  constexpr int queries = 80;
  std::vector<std::future<kling_outcome>> answers;
  for (int i = 0; i < queries; ++i) {
    auto promise = std::make_shared<std::promise<kling_outcome>>();
    answers.push_back(promise->get_future());
    c->query("no-such-task-" + std::to_string(i), [promise](kling_outcome out) { promise->set_value(std::move(out)); });
  }
  int not_found = 0;
  for (auto& answer : answers) {
    REQUIRE(answer.wait_for(std::chrono::seconds{60}) == std::future_status::ready);
    auto out = answer.get();
    CHECK_MESSAGE(out.code == 1203, out.code << " " << out.message);
    not_found += out.code == 1203;
  }
  CHECK(not_found == queries);
  CHECK(c->stats().circuit == "closed");
}

TEST_CASE("a result download does not wait behind API requests waiting for a connection") {
  fixture f;
  auto o = f.options();
  o.max_connections = 1;
  auto c = f.client(o);
  auto out = created(*c, request());
  REQUIRE_MESSAGE(out.ok, out.message);
  auto task = until_final(*c, out.task->task_id);
  REQUIRE(task.images.size() == 1);
  f.knobs.delay_ms = 100; // API answers only: results are not forwarded through the delay
  struct order {
    std::mutex mutex;
    std::vector<std::string> done;
  };
  auto seen = std::make_shared<order>();
  auto note = [seen](std::string what) {
    std::lock_guard guard{seen->mutex};
    seen->done.push_back(std::move(what));
  };
  std::vector<std::future<void>> ends;
  for (int i = 0; i < 20; ++i) {
    auto promise = std::make_shared<std::promise<void>>();
    ends.push_back(promise->get_future());
    c->query(task.task_id, [promise, note](kling_outcome) { note("query"); promise->set_value(); });
  }
  auto promise = std::make_shared<std::promise<void>>();
  ends.push_back(promise->get_future());
  c->download(task.images[0].url, [promise, note](caf::expected<std::string> image) {
    note(image ? "download" : "download failed");
    promise->set_value();
  });
  for (auto& end : ends)
    REQUIRE(end.wait_for(std::chrono::seconds{60}) == std::future_status::ready);
  std::lock_guard guard{seen->mutex};
  auto at = std::find(seen->done.begin(), seen->done.end(), "download");
  REQUIRE(at != seen->done.end());
  // The 20 queries take 2 s one after another on the one API connection; the download, sent
  // last, has a lane of its own (with one lane it comes 21st; the margin is for a busy machine).
  CHECK(at - seen->done.begin() < 10);
}

TEST_CASE("options that cannot work are refused at start") {
  kling_client_options o;
  o.base_url = "127.0.0.1:80";
  CHECK(code_of(kling_client::start(o).error()) == errc::invalid_argument);
  o.base_url = "http://127.0.0.1:80/";
  CHECK(code_of(kling_client::start(o).error()) == errc::invalid_argument);
  o.base_url = "http://127.0.0.1:80";
  o.max_running = 0;
  CHECK(code_of(kling_client::start(o).error()) == errc::invalid_argument);
}

TEST_CASE("random 5xx answers and cut-off bodies are retried until the calls succeed") {
  auto model = quick_model();
  model.faults.server_error = 0.4;
  model.faults.malformed = 0.1;
  fixture f{model};
  auto o = f.options();
  o.max_attempts = 30;
  o.breaker_threshold = 1000;
  auto c = f.client(o);
  auto out = created(*c, request("ext-retry"));
  REQUIRE_MESSAGE(out.ok, out.message);
  int attempts = out.attempts, calls = 1;
  CHECK(until_final(*c, out.task->task_id, &attempts, &calls).status == task_status::succeed);
  CHECK(attempts > calls); // some calls needed more than one request
  CHECK(f.knobs.creates_accepted == 1);
}

TEST_CASE("the circuit opens after repeated failures, fails fast, and closes after a trial") {
  fixture f;
  auto o = f.options();
  o.max_attempts = 1;
  o.breaker_threshold = 3;
  o.breaker_open = ms{300};
  auto c = f.client(o);
  f.knobs.fail_all = true;
  for (int i = 0; i < 3; ++i) {
    auto out = queried(*c, "123");
    CHECK(out.code == 5000);
    CHECK(out.retryable);
    CHECK(out.attempts == 1);
  }
  auto fast = queried(*c, "123");
  CHECK(fast.code == kling_circuit_open);
  CHECK(fast.retryable);
  CHECK(fast.attempts == 0);
  CHECK(fast.message == "The try-on service is not answering; try again in a few minutes.");
  CHECK(created(*c, request()).code == kling_circuit_open);
  CHECK(c->stats().circuit == "open");

  f.knobs.fail_all = false;
  for (int i = 0; i < 1000 && c->stats().circuit != "half_open"; ++i)
    std::this_thread::sleep_for(ms{10});
  REQUIRE(c->stats().circuit == "half_open");
  auto trial = created(*c, request());
  CHECK_MESSAGE(trial.ok, trial.message);
  CHECK(c->stats().circuit == "closed");
}

TEST_CASE("creates refused with 1303 stay queued and are each created exactly once") {
  fixture f{quick_model(2)};
  auto o = f.options();
  o.max_running = 6; // more than the simulator's 2 slots
  auto c = f.client(o);
  create_and_finish(*c, 6, "ext-1303-");
  CHECK(f.knobs.creates_accepted == 6);
  CHECK(f.tasks_in_sim() == 6);
  auto text = metrics::registry::global().render();
  CHECK(text.find(R"(colors_kling_responses_total{operation="create",code="1303"})")
        != std::string::npos);
  CHECK(c->stats().queued == 0);
  CHECK(c->stats().running == 0);
}

TEST_CASE("no more than max_running tasks run at once") {
  fixture f{quick_model(10)};
  auto o = f.options();
  o.max_running = 2;
  auto c = f.client(o);
  auto most = create_and_finish(*c, 6, "ext-slots-");
  CHECK(most <= 2);
  CHECK(most >= 1);
  CHECK(f.knobs.creates_accepted == 6);
}

TEST_CASE("slots of tasks noted as running are not given to new creates") {
  fixture f;
  auto o = f.options();
  o.max_running = 1;
  std::promise<kling_outcome> answered; // before the client: it answers when destroyed
  auto c = f.client(o);
  c->note_running("from-before-a-restart");
  CHECK(c->stats().running == 1);
  c->create(request(), [&](kling_outcome out) { answered.set_value(std::move(out)); });
  auto future = answered.get_future();
  CHECK(future.wait_for(ms{300}) == std::future_status::timeout);
  CHECK(c->stats().queued == 1);
  c->note_final("from-before-a-restart");
  REQUIRE(future.wait_for(std::chrono::seconds{60}) == std::future_status::ready);
  CHECK(future.get().ok);
}

TEST_CASE("a download of an unknown result is not found, of a bad URL invalid") {
  fixture f;
  auto c = f.client(f.options());
  auto gone = await<caf::expected<std::string>>(
      [&](auto done) { c->download("http://" + f.server->address() + "/results/nope.jpg", done); });
  REQUIRE_FALSE(gone);
  CHECK(code_of(gone.error()) == errc::not_found);
  auto bad = await<caf::expected<std::string>>(
      [&](auto done) { c->download("ftp://example.invalid/x.jpg", done); });
  REQUIRE_FALSE(bad);
  CHECK(code_of(bad.error()) == errc::invalid_argument);
}

TEST_CASE("a full queue fails fast, and the destructor answers every pending call with -3") {
  auto model = quick_model();
  model.faults.hang = 1; // every API request is held
  fixture f{model};
  auto o = f.options();
  o.max_running = 1;
  o.max_queue = 1;
  o.backoff_initial = ms{60'000};
  std::mutex mutex; // before the client: it answers when destroyed
  std::vector<int> codes;
  std::vector<std::optional<errc>> download_errors;
  auto c = f.client(o);
  auto record = [&](kling_outcome out) {
    std::lock_guard guard{mutex};
    codes.push_back(out.code);
  };
  c->create(request(), record); // sent, held
  c->create(request(), record); // waits for the slot
  c->create(request(), record); // over max_queue
  c->query("1", record);
  c->query_external("ext-1", record);
  c->download("http://127.0.0.1:1/x.jpg", [&](caf::expected<std::string> got) {
    std::lock_guard guard{mutex};
    download_errors.push_back(got ? std::nullopt : code_of(got.error()));
  });
  for (int i = 0; i < 1000; ++i) {
    std::this_thread::sleep_for(ms{10});
    std::lock_guard guard{mutex};
    if (!codes.empty())
      break;
  }
  {
    std::lock_guard guard{mutex};
    REQUIRE(codes == std::vector<int>{kling_queue_full});
  }
  CHECK(c->stats().queued == 1);
  c.reset();
  std::lock_guard guard{mutex};
  CHECK(codes
        == std::vector<int>{kling_queue_full, kling_client_stopped, kling_client_stopped,
                            kling_client_stopped, kling_client_stopped});
  REQUIRE(download_errors.size() == 1);
  CHECK(download_errors[0] == errc::unavailable);
}
