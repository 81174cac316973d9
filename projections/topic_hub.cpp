#include "projections/topic_hub.hpp"

#include "common/metrics.hpp"

namespace colors::projections {

namespace {

metrics::counter& delivered() {
  static auto& c = metrics::registry::global().get_counter(
    "colors_hub_events_delivered_total", "Committed events handed to live topic listeners.");
  return c;
}

} // namespace

topic_hub::subscription::subscription(std::weak_ptr<topic_hub> hub, std::string topic,
                                      uint64_t id)
  : hub_(std::move(hub)), topic_(std::move(topic)), id_(id) {}

topic_hub::subscription::~subscription() {
  if (auto hub = hub_.lock())
    hub->unsubscribe(topic_, id_);
}

std::shared_ptr<topic_hub> topic_hub::create(uint64_t start_position) {
  return std::shared_ptr<topic_hub>(new topic_hub(start_position));
}

std::shared_ptr<topic_hub::subscription> topic_hub::subscribe(std::string topic, listener l) {
  std::lock_guard lock{mutex_};
  auto id = next_id_++;
  auto& list = topics_[topic];
  auto copy = list ? std::make_shared<listener_list>(*list) : std::make_shared<listener_list>();
  copy->push_back({id, std::make_shared<const listener>(std::move(l))});
  list = std::move(copy);
  ++listener_count_;
  return std::make_shared<subscription>(weak_from_this(), std::move(topic), id);
}

void topic_hub::unsubscribe(const std::string& topic, uint64_t id) {
  std::lock_guard lock{mutex_};
  auto it = topics_.find(topic);
  if (it == topics_.end())
    return;
  auto copy = std::make_shared<listener_list>(*it->second);
  std::erase_if(*copy, [id](const entry& e) { return e.id == id; });
  listener_count_ -= it->second->size() - copy->size();
  if (copy->empty())
    topics_.erase(it);
  else
    it->second = std::move(copy);
}

std::shared_ptr<const topic_hub::listener_list>
topic_hub::listeners_of(const std::string& topic) const {
  std::lock_guard lock{mutex_};
  auto it = topics_.find(topic);
  return it == topics_.end() ? nullptr : it->second;
}

void topic_hub::publish(const std::vector<events::envelope>& batch) {
  for (const auto& env : batch) {
    if (env.global_seq() < position())
      continue;
    if (auto list = listeners_of(env.stream_id()))
      for (const auto& e : *list) {
        (*e.call)(env);
        delivered().inc();
      }
    position_.store(env.global_seq() + 1, std::memory_order_release);
  }
}

size_t topic_hub::topics() const {
  std::lock_guard lock{mutex_};
  return topics_.size();
}

size_t topic_hub::listeners() const {
  std::lock_guard lock{mutex_};
  return listener_count_;
}

} // namespace colors::projections
