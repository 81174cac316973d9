#include "tryon/sim_model.hpp"

#include "common/errc.hpp"

#include <algorithm>

namespace colors::tryon {

namespace json = boost::json;

namespace {

int64_t int_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : 0;
}

std::optional<std::string> string_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string())
    return std::nullopt;
  return std::string{v->get_string()};
}

} // namespace

json::object to_json(const sim_task& t) {
  json::object o{{"account", t.account},
                 {"task", to_json(t.task)},
                 {"model_name", t.model_name},
                 {"processing_at", t.processing_at},
                 {"done_at", t.done_at}};
  if (t.callback_url)
    o["callback_url"] = *t.callback_url;
  return o;
}

caf::expected<sim_task> parse_sim_task(const json::value& v) {
  if (!v.is_object() || !v.get_object().contains("task"))
    return make_error(errc::corrupt, "a simulator task record must be an object with a task");
  const auto& o = v.get_object();
  auto task = parse_task(o.at("task"));
  if (!task)
    return task.error();
  sim_task t;
  t.account = string_of(o, "account").value_or("");
  t.task = std::move(*task);
  t.model_name = string_of(o, "model_name").value_or(std::string{kling_model_v1});
  t.callback_url = string_of(o, "callback_url");
  t.processing_at = int_of(o, "processing_at");
  t.done_at = int_of(o, "done_at");
  return t;
}

sim_model::sim_model(sim_config config) : config_(config), rng_(config.seed) {}

sim_fault sim_model::next_fault() {
  double x = std::uniform_real_distribution<double>{0.0, 1.0}(rng_);
  const auto& f = config_.faults;
  if (x < f.server_error)
    return sim_fault::server_error;
  if (x < f.server_error + f.hang)
    return sim_fault::hang;
  if (x < f.server_error + f.hang + f.malformed)
    return sim_fault::malformed;
  return sim_fault::none;
}

bool sim_model::drop_callback() {
  return std::uniform_real_distribution<double>{0.0, 1.0}(rng_) < config_.faults.drop_callback;
}

int64_t sim_model::draw_latency() {
  auto [lo, hi] = std::minmax(config_.latency.min_ms, config_.latency.max_ms);
  return std::uniform_int_distribution<int64_t>{lo, hi}(rng_);
}

std::string sim_model::next_id() {
  for (;;) { // Kling's ids are long opaque strings; ours are 18 random digits
    auto id = std::to_string(std::uniform_int_distribution<uint64_t>{
        100'000'000'000'000'000ULL, 999'999'999'999'999'999ULL}(rng_));
    if (!tasks_.contains(id))
      return id;
  }
}

std::variant<sim_task, sim_error>
sim_model::create(const std::string& account, const create_task_request& request, int64_t now) {
  if (request.external_task_id && std::any_of(tasks_.begin(), tasks_.end(), [&](const auto& kv) {
        return kv.second.account == account
               && kv.second.task.external_task_id == request.external_task_id;
      }))
    return sim_error{1201, "external_task_id " + *request.external_task_id
                               + " is already used by another task of this account"};
  if (active(account) >= config_.concurrency)
    return sim_error{1303, "Parallel task over resource pack limit ("
                               + std::to_string(config_.concurrency) + ")"};
  sim_task t;
  t.account = account;
  t.task.task_id = next_id();
  t.task.created_at = t.task.updated_at = now;
  t.task.external_task_id = request.external_task_id;
  t.model_name = request.model_name;
  t.callback_url = request.callback_url;
  auto latency = draw_latency();
  t.processing_at = now + latency / 4;
  t.done_at = now + latency;
  tasks_[t.task.task_id] = t;
  return t;
}

void sim_model::restore(sim_task task) {
  auto id = task.task.task_id;
  tasks_[id] = std::move(task);
}

bool sim_model::expired(const sim_task& t, int64_t now) const {
  return is_final(t.task.status) && now >= t.task.updated_at + config_.result_ttl_ms;
}

const sim_task* sim_model::find(std::string_view account, std::string_view task_id,
                                int64_t now) const {
  auto it = tasks_.find(task_id);
  if (it == tasks_.end() || it->second.account != account || expired(it->second, now))
    return nullptr;
  return &it->second;
}

const sim_task* sim_model::find_external(std::string_view account, std::string_view external_id,
                                         int64_t now) const {
  for (const auto& [id, t] : tasks_)
    if (t.account == account && t.task.external_task_id == external_id && !expired(t, now))
      return &t;
  return nullptr;
}

const sim_task* sim_model::get(std::string_view task_id) const {
  auto it = tasks_.find(task_id);
  return it == tasks_.end() ? nullptr : &it->second;
}

std::vector<kling_task> sim_model::list(std::string_view account, size_t page_num, size_t page_size,
                                        int64_t now) const {
  std::vector<const kling_task*> mine;
  for (const auto& [id, t] : tasks_)
    if (t.account == account && !expired(t, now))
      mine.push_back(&t.task);
  std::sort(mine.begin(), mine.end(), [](const auto* a, const auto* b) {
    return std::tie(a->created_at, a->task_id) > std::tie(b->created_at, b->task_id);
  });
  std::vector<kling_task> page;
  size_t first = (page_num - 1) * page_size;
  for (size_t i = first; i < mine.size() && i < first + page_size; ++i)
    page.push_back(*mine[i]);
  return page;
}

size_t sim_model::active(std::string_view account) const {
  return static_cast<size_t>(std::count_if(tasks_.begin(), tasks_.end(), [&](const auto& kv) {
    return kv.second.account == account && !is_final(kv.second.task.status);
  }));
}

sim_step sim_model::advance(int64_t now) {
  sim_step step;
  for (auto it = tasks_.begin(); it != tasks_.end();) {
    auto& t = it->second;
    if (expired(t, now)) {
      step.expired.push_back(it->first);
      reported_due_.erase(it->first);
      it = tasks_.erase(it);
      continue;
    }
    if (t.task.status == task_status::submitted && now >= t.processing_at) {
      t.task.status = task_status::processing;
      t.task.updated_at = now;
      step.started.push_back(it->first);
    }
    if (t.task.status == task_status::processing && now >= t.done_at
        && reported_due_.insert(it->first).second)
      step.due.push_back(it->first);
    ++it;
  }
  return step;
}

const sim_task* sim_model::complete(std::string_view task_id, const sim_outcome& outcome,
                                    int64_t now) {
  auto it = tasks_.find(task_id);
  if (it == tasks_.end() || is_final(it->second.task.status))
    return nullptr;
  auto& task = it->second.task;
  task.status = outcome.ok ? task_status::succeed : task_status::failed;
  task.updated_at = now;
  if (outcome.ok)
    task.images = {{0, outcome.detail}};
  else
    task.status_msg = outcome.detail;
  reported_due_.erase(it->first);
  return &it->second;
}

} // namespace colors::tryon
