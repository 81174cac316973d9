#pragma once
// The live topic hub: committed events, fanned out by stream id to whoever listens right now.
//
// A topic is a stream id ("product-42"). The feed actor (live_feed.hpp) publishes every
// committed batch in commit order; each listener of an event's stream is called with it.
// Listeners are meant to be few per topic (the GraphQL layer registers one per group of
// identical subscriptions, not one per WebSocket) and fast (they hand work off, never block).
//
// `position()` is the next global sequence the hub expects: a restarted feed resumes there, so
// a writer restart loses no update and repeats none.
//
// Thread-safety: every member may be called from any thread. Listeners are called on the
// publishing thread, without the hub's lock held, so a listener may subscribe or unsubscribe.
#include "events/types.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace colors::projections {

class topic_hub : public std::enable_shared_from_this<topic_hub> {
public:
  using listener = std::function<void(const events::envelope&)>;

  // Unsubscribes when the last reference goes.
  class subscription {
  public:
    subscription(std::weak_ptr<topic_hub> hub, std::string topic, uint64_t id);
    ~subscription();
    subscription(const subscription&) = delete;
    subscription& operator=(const subscription&) = delete;
    const std::string& topic() const { return topic_; }

  private:
    std::weak_ptr<topic_hub> hub_;
    std::string topic_;
    uint64_t id_;
  };

  static std::shared_ptr<topic_hub> create(uint64_t start_position);

  [[nodiscard]] std::shared_ptr<subscription> subscribe(std::string topic, listener l);

  // Calls the listeners of each event's stream, in order, and advances the position. Events
  // before the position (a feed's overlap after a restart) are skipped.
  void publish(const std::vector<events::envelope>& batch);

  uint64_t position() const { return position_.load(std::memory_order_acquire); }
  size_t topics() const;
  size_t listeners() const;

private:
  struct entry {
    uint64_t id;
    std::shared_ptr<const listener> call;
  };
  using listener_list = std::vector<entry>;

  explicit topic_hub(uint64_t start_position) : position_(start_position) {}
  void unsubscribe(const std::string& topic, uint64_t id);
  std::shared_ptr<const listener_list> listeners_of(const std::string& topic) const;

  mutable std::mutex mutex_;
  // Copy-on-write lists, so publishing holds the lock only to take a reference.
  std::unordered_map<std::string, std::shared_ptr<const listener_list>> topics_;
  uint64_t next_id_ = 1;
  size_t listener_count_ = 0;
  std::atomic<uint64_t> position_;
};

} // namespace colors::projections
