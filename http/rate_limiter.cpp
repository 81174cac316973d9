#include "http/rate_limiter.hpp"

#include "common/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace colors::http {

rate_limiter_options default_rate_limits() {
  rate_limiter_options o;
  o.classes = {{"request", {100, 200}},
               {"login", {0.2, 10}},
               {"mutation", {10, 50}},
               {"tryon", {0.05, 5}}};
  return o;
}

rate_limiter::rate_limiter(rate_limiter_options options)
  : per_shard_cap_(std::max<size_t>(1, options.max_buckets / std::max<size_t>(1, options.shards))),
    sweep_interval_(options.sweep_interval) {
  auto& reg = metrics::registry::global();
  for (auto& [name, limit] : options.classes)
    classes_.emplace(name, limit_entry{limit, &reg.get_counter("colors_rate_limited_total",
                                                               "Requests refused by a rate limit, by class.",
                                                               {{"class", name}})});
  for (size_t i = 0; i < std::max<size_t>(1, options.shards); ++i)
    shards_.push_back(std::make_unique<shard>());
}

rate_limiter::~rate_limiter() = default;

rate_decision rate_limiter::take(std::string_view op_class, std::string_view key) {
  return take(op_class, key, clock::now());
}

rate_decision rate_limiter::take(std::string_view op_class, std::string_view key,
                                 clock::time_point now) {
  const auto* entry = find(op_class);
  if (!entry)
    return {};
  std::string id;
  id.reserve(op_class.size() + 1 + key.size());
  id.append(op_class).append(1, '\0').append(key); // '\0': no class/key pair collides
  auto& s = *shards_[std::hash<std::string>{}(id) % shards_.size()];
  std::lock_guard<std::mutex> lock{s.mutex};
  if (now - s.last_sweep >= sweep_interval_)
    sweep(s, now);
  auto it = s.buckets.find(id);
  if (it == s.buckets.end()) {
    make_room(s, now);
    it = s.buckets.emplace(std::move(id), bucket{entry->limit.burst, now, &entry->limit}).first;
  }
  auto& b = it->second;
  b.tokens = refilled(b, now);
  b.updated = std::max(b.updated, now);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return {};
  }
  entry->refused->inc();
  return {false, time_to_next_token(b)};
}

bool rate_limiter::limits(std::string_view op_class) const {
  return find(op_class) != nullptr;
}

size_t rate_limiter::bucket_count() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard<std::mutex> lock{s->mutex};
    n += s->buckets.size();
  }
  return n;
}

// Tokens now; time going backwards (another thread's `now` was later) adds nothing.
double rate_limiter::refilled(const bucket& b, clock::time_point now) {
  auto elapsed = std::chrono::duration<double>(now - b.updated).count();
  return std::min(b.limit->burst, b.tokens + std::max(0.0, elapsed) * b.limit->per_second);
}

// At least 1 ms; at most a day (a class configured with no refill would otherwise say never).
std::chrono::milliseconds rate_limiter::time_to_next_token(const bucket& b) {
  constexpr double day = 86'400;
  auto rate = b.limit->per_second;
  auto seconds = rate > 0 ? std::min(day, (1 - b.tokens) / rate) : day;
  auto ms = static_cast<int64_t>(std::ceil(seconds * 1000));
  return std::chrono::milliseconds{std::max<int64_t>(1, ms)};
}

// Full buckets are indistinguishable from new ones: forget them.
void rate_limiter::sweep(shard& s, clock::time_point now) {
  s.last_sweep = now;
  std::erase_if(s.buckets, [now](const auto& kv) {
    return refilled(kv.second, now) >= kv.second.limit->burst;
  });
}

// Called before adding a bucket to a shard at its cap. A sweep first (if it is not too soon),
// then any bucket: the cap holds even when every bucket is busy.
void rate_limiter::make_room(shard& s, clock::time_point now) {
  if (s.buckets.size() < per_shard_cap_)
    return;
  if (now - s.last_sweep >= sweep_interval_ / 10)
    sweep(s, now);
  if (s.buckets.size() >= per_shard_cap_)
    s.buckets.erase(s.buckets.begin());
}

const rate_limiter::limit_entry* rate_limiter::find(std::string_view op_class) const {
  auto it = classes_.find(op_class);
  return it == classes_.end() ? nullptr : &it->second;
}

} // namespace colors::http
