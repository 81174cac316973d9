#include "projections/tryon_tasks.hpp"

#include <algorithm>
#include <mutex>

namespace colors::projections {

namespace {

namespace t = domain::tryon_task;

constexpr std::string_view stream_prefix = "tryon-";

bool is_tryon(const events::envelope& env) {
  return env.stream_id().starts_with(stream_prefix);
}

tryon_cache_key cache_key_of(const t::state& s) {
  const auto& r = s.request();
  return {r.user_id(), r.product_id(), r.variant_id(), r.reference_image_id(),
          r.garment_image_id(), r.model()};
}

bool wanted(const t::state& s, const std::vector<std::string>& statuses) {
  if (statuses.empty())
    return true;
  auto status = t::public_status(s.status());
  return std::find(statuses.begin(), statuses.end(), status) != statuses.end();
}

} // namespace

void tryon_tasks::apply(const std::vector<events::envelope>& batch) {
  std::unique_lock lock{mutex_};
  for (const auto& env : batch)
    if (is_tryon(env))
      apply_one(env);
}

void tryon_tasks::apply_one(const events::envelope& env) {
  auto ev = t::decode(env);
  if (!ev)
    return; // not ours to judge: the entity refuses to recover from it
  auto id = env.stream_id().substr(stream_prefix.size());
  auto& e = tasks_[id];
  if (e.now.revision() >= env.stream_version())
    return; // seen (a feed's overlap)
  e.now = t::evolve(std::move(e.now), *ev);
  e.history.push_back({e.now.revision(), e.now.status(), ev->at()});
  if (ev->has_requested())
    index_new(e);
  if (ev->has_succeeded())
    ev->succeeded().from_cache() ? index_cache_hit(e) : index_result(e.now);
}

void tryon_tasks::index_new(entry& e) {
  const auto& r = e.now.request();
  auto& user = by_user_[r.user_id()];
  e.ordered_at = user.requested_at.empty() ? e.now.created_at()
                                           : std::max(user.requested_at.back(), e.now.created_at());
  user.ids.push_back(r.task_id());
  user.requested_at.push_back(e.ordered_at);
  if (!r.idempotency_key().empty())
    by_key_[{r.user_id(), r.idempotency_key()}] = r.task_id();
}

void tryon_tasks::index_cache_hit(const entry& e) {
  auto& hits = by_user_[e.now.request().user_id()].cache_hits_at;
  hits.insert(std::upper_bound(hits.begin(), hits.end(), e.ordered_at), e.ordered_at);
}

void tryon_tasks::index_result(const state& s) {
  results_[cache_key_of(s)] = {s.completed_at(),
                               {s.result().result_image_id(), s.request().task_id()}};
}

std::optional<tryon_tasks::state> tryon_tasks::find(const std::string& task_id) const {
  std::shared_lock lock{mutex_};
  auto it = tasks_.find(task_id);
  if (it == tasks_.end())
    return std::nullopt;
  return it->second.now;
}

std::optional<tryon_tasks::state> tryon_tasks::at_version(const std::string& task_id,
                                                          uint64_t version) const {
  std::shared_lock lock{mutex_};
  auto it = tasks_.find(task_id);
  if (it == tasks_.end() || version == 0 || version > it->second.history.size())
    return std::nullopt;
  auto s = it->second.now;
  if (version == s.revision())
    return s;
  const auto& m = it->second.history[version - 1];
  s.set_revision(m.version);
  s.set_status(m.status);
  s.set_updated_at(m.at);
  s.clear_result();
  s.clear_failure();
  s.set_completed_at(0);
  return s;
}

std::vector<tryon_tasks::state> tryon_tasks::list(const std::string& user_id,
                                                  const std::vector<std::string>& statuses,
                                                  size_t offset, size_t limit,
                                                  int64_t since_ms) const {
  std::shared_lock lock{mutex_};
  std::vector<state> out;
  auto it = by_user_.find(user_id);
  if (it == by_user_.end())
    return out;
  const auto& ids = it->second.ids;
  for (auto id = ids.rbegin(); id != ids.rend() && out.size() < limit; ++id) {
    const auto& e = tasks_.at(*id);
    if (e.ordered_at < since_ms)
      break; // ordered_at never decreases in request order
    const auto& s = e.now;
    if (!wanted(s, statuses))
      continue;
    if (offset > 0)
      --offset;
    else
      out.push_back(s);
  }
  return out;
}

tryon_tasks::requested_view tryon_tasks::requested_since(
  const std::string& user_id, int64_t since_ms, const std::vector<std::string>& task_ids) const {
  std::shared_lock lock{mutex_};
  requested_view view;
  if (auto it = by_user_.find(user_id); it != by_user_.end()) {
    auto at_or_after = [since_ms](const std::vector<int64_t>& times) {
      auto first = std::lower_bound(times.begin(), times.end(), since_ms);
      return static_cast<size_t>(times.end() - first);
    };
    view.count = at_or_after(it->second.requested_at) - at_or_after(it->second.cache_hits_at);
  }
  for (const auto& id : task_ids)
    if (tasks_.count(id))
      view.shown.push_back(id);
  return view;
}

std::optional<std::string> tryon_tasks::by_idempotency_key(const std::string& user_id,
                                                           const std::string& key) const {
  std::shared_lock lock{mutex_};
  auto it = by_key_.find({user_id, key});
  if (it == by_key_.end())
    return std::nullopt;
  return it->second;
}

std::optional<tryon_cached_result> tryon_tasks::cached_result(const tryon_cache_key& key,
                                                              int64_t since_ms) const {
  std::shared_lock lock{mutex_};
  auto it = results_.find(key);
  if (it == results_.end() || it->second.first < since_ms)
    return std::nullopt;
  return it->second.second;
}

std::vector<std::string> tryon_tasks::unfinished() const {
  std::shared_lock lock{mutex_};
  std::vector<std::string> out;
  for (const auto& [id, e] : tasks_)
    if (!t::is_final(e.now))
      out.push_back(id);
  return out;
}

size_t tryon_tasks::size() const {
  std::shared_lock lock{mutex_};
  return tasks_.size();
}

caf::error load_tryon_tasks(const events::store& db, tryon_tasks& model) {
  events::log_cursor cursor{db, 1};
  std::vector<events::envelope> chunk;
  events::envelope env;
  while (cursor.next(env)) {
    if (is_tryon(env))
      chunk.push_back(std::move(env));
    if (chunk.size() == 4096) {
      model.apply(chunk);
      chunk.clear();
    }
  }
  if (cursor.error())
    return cursor.error();
  model.apply(chunk);
  return {};
}

} // namespace colors::projections
