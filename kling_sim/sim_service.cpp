#include "kling_sim/sim_service.hpp"

#include "common/clock.hpp"
#include "common/errc.hpp"
#include "common/log.hpp"
#include "http/errors.hpp"
#include "kling_sim/callback.hpp"
#include "tryon/kling_errors.hpp"
#include "tryon/sim_composite.hpp"
#include "tryon/sim_validate.hpp"

namespace colors::kling_sim {

namespace json = boost::json;
using namespace tryon;

namespace {

answer refused(int code, std::string message) {
  return {code, std::move(message), nullptr};
}
answer refused(const sim_error& e) {
  return refused(e.code, e.message);
}
answer not_found(std::string_view what) {
  return refused(1203, "task " + std::string{what} + " does not exist");
}

} // namespace

caf::expected<std::unique_ptr<sim_service>> sim_service::start(service_options opts) {
  auto store = sim_store::open(opts.data_dir);
  if (!store)
    return store.error();
  std::unique_ptr<sim_service> svc{new sim_service(std::move(opts), std::move(*store))};
  std::vector<std::string> unreadable;
  for (auto& task : svc->store_.load_all(&unreadable))
    svc->model_.restore(std::move(task));
  for (const auto& path : unreadable)
    log(log_level::warn, "unreadable simulator task skipped", {{"path", path}});
  svc->worker_ = std::thread{[s = svc.get()] { s->run(); }};
  return svc;
}

sim_service::sim_service(service_options opts, sim_store store)
  : opts_(std::move(opts)), store_(std::move(store)), model_(opts_.model) {}

sim_service::~sim_service() {
  {
    std::lock_guard lock{mutex_};
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable())
    worker_.join();
  answer_held(true);
}

void sim_service::set_public_base(std::string base) {
  std::lock_guard lock{mutex_};
  base_ = std::move(base);
}

int64_t sim_service::now() const {
  return unix_millis();
}

kling_auth sim_service::authenticate(std::string_view authorization) const {
  return verify_kling_authorization(authorization, opts_.accounts, now() / 1000);
}

sim_fault sim_service::next_fault() {
  std::lock_guard lock{mutex_};
  return model_.next_fault();
}

void sim_service::hold(http::reply_fn reply) {
  std::lock_guard lock{mutex_};
  held_.emplace_back(std::chrono::steady_clock::now() + opts_.hang, std::move(reply));
}

answer sim_service::create(const std::string& account, std::string_view body) {
  json::error_code ec;
  auto v = json::parse(body, ec);
  if (ec)
    return refused(1200, "the request body is not valid JSON");
  auto request = parse_create_task_request(v);
  if (!request)
    return refused(1201, message_of(request.error()));
  auto inputs = validate_create(*request);
  if (auto* err = std::get_if<sim_error>(&inputs))
    return refused(*err);
  std::lock_guard lock{mutex_};
  auto made = model_.create(account, *request, now());
  if (auto* err = std::get_if<sim_error>(&made))
    return refused(*err);
  const auto& task = std::get<sim_task>(made);
  if (auto err = store_.save_inputs(task.task.task_id, std::get<sim_inputs>(inputs)))
    return refused(5000, message_of(err));
  if (auto err = store_.save(task))
    return refused(5000, message_of(err));
  return {0, "SUCCEED", to_json(task.task)};
}

std::string sim_service::result_url(std::string_view task_id) const {
  return base_ + "/results/" + std::string{task_id} + ".jpg";
}

json::value sim_service::json_of(kling_task task) const {
  for (auto& image : task.images) // the current address: a restart may have moved the port
    image.url = result_url(task.task_id);
  return to_json(task);
}

answer sim_service::find(const std::string& account, std::string_view id_or_external) {
  std::lock_guard lock{mutex_};
  const auto* t = model_.find(account, id_or_external, now());
  if (!t)
    t = model_.find_external(account, id_or_external, now());
  return t ? answer{0, "SUCCEED", json_of(t->task)} : not_found(id_or_external);
}

answer sim_service::find_external(const std::string& account, std::string_view external_id) {
  std::lock_guard lock{mutex_};
  const auto* t = model_.find_external(account, external_id, now());
  return t ? answer{0, "SUCCEED", json_of(t->task)} : not_found(external_id);
}

answer sim_service::list(const std::string& account, size_t page_num, size_t page_size) {
  std::lock_guard lock{mutex_};
  json::array tasks;
  for (const auto& t : model_.list(account, page_num, page_size, now()))
    tasks.push_back(json_of(t));
  return {0, "SUCCEED", std::move(tasks)};
}

std::optional<std::string> sim_service::result(std::string_view task_id) {
  {
    std::lock_guard lock{mutex_};
    const auto* t = model_.get(task_id);
    if (!t || t->task.status != task_status::succeed
        || now() >= t->task.updated_at + opts_.model.result_ttl_ms)
      return std::nullopt;
  }
  return store_.load_result(std::string{task_id});
}

void sim_service::run() {
  std::unique_lock lock{mutex_};
  while (!stopping_) {
    wake_.wait_for(lock, opts_.tick);
    if (stopping_)
      break;
    lock.unlock();
    tick();
    answer_held(false);
    lock.lock();
  }
}

void sim_service::tick() {
  sim_step step;
  std::vector<sim_task> started;
  {
    std::lock_guard lock{mutex_};
    step = model_.advance(now());
    for (const auto& id : step.started)
      started.push_back(*model_.get(id));
  }
  for (const auto& id : step.expired)
    store_.remove(id);
  for (const auto& task : started)
    persist_and_notify(task);
  for (const auto& id : step.due)
    render(id);
}

void sim_service::render(const std::string& task_id) {
  auto inputs = store_.load_inputs(task_id);
  sim_outcome outcome;
  if (!inputs) {
    outcome = {false, message_of(inputs.error())};
  } else if (auto jpeg = composite_try_on(inputs->human, inputs->cloth); !jpeg) {
    outcome = {false, message_of(jpeg.error())};
  } else if (auto err = store_.save_result(task_id, *jpeg)) {
    outcome = {false, message_of(err)};
  } else {
    std::lock_guard lock{mutex_};
    outcome = {true, result_url(task_id)};
  }
  std::optional<sim_task> done;
  {
    std::lock_guard lock{mutex_};
    if (const auto* t = model_.complete(task_id, outcome, now()))
      done = *t;
  }
  if (!done)
    return;
  persist_and_notify(*done);
  store_.remove_inputs(task_id);
}

void sim_service::persist_and_notify(const sim_task& task) {
  if (auto err = store_.save(task))
    log(log_level::error, "cannot save simulator task",
        {{"task_id", task.task.task_id}, {"error", message_of(err)}});
  if (!task.callback_url)
    return;
  bool drop = false;
  {
    std::lock_guard lock{mutex_};
    drop = model_.drop_callback();
  }
  if (drop)
    return log(log_level::info, "callback dropped (fault injection)",
               {{"task_id", task.task.task_id}});
  if (!post_json(*task.callback_url, json::serialize(to_json(task.task))))
    log(log_level::warn, "callback failed",
        {{"task_id", task.task.task_id}, {"url", *task.callback_url}});
}

void sim_service::answer_held(bool all) {
  std::vector<http::reply_fn> due;
  {
    std::lock_guard lock{mutex_};
    auto now = std::chrono::steady_clock::now();
    for (auto it = held_.begin(); it != held_.end();) {
      if (all || it->first <= now) {
        due.push_back(std::move(it->second));
        it = held_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& reply : due) {
    auto info = kling_error(5002);
    kling_envelope e{5002, std::string{info.message}, "", nullptr};
    reply(http::json_response(http::status::gateway_timeout, to_body(e)));
  }
}

} // namespace colors::kling_sim
