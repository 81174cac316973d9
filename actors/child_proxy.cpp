#include "actors/child_proxy.hpp"

#include "actors/atoms.hpp"
#include "common/errc.hpp"

#include <caf/all.hpp>

#include <deque>
#include <unordered_map>

namespace colors::actors {

namespace {

struct in_flight {
  caf::actor_addr target;
  caf::response_promise promise;
};

struct held_message {
  caf::message content;
  caf::response_promise promise; // async() for a message that expects no reply
};

struct proxy_state {
  std::string child;
  size_t max_held = 0;
  caf::actor current;
  uint64_t next_id = 0;
  std::unordered_map<uint64_t, in_flight> pending;
  std::deque<held_message> held;
  static inline const char* name = "child-proxy";
};

using proxy_actor = caf::stateful_actor<proxy_state>;

caf::error unavailable(const proxy_state& st, const std::string& why) {
  return make_error(errc::unavailable, "'" + st.child + "' " + why);
}

// CAF 0.17 has no catch-all response handler: a reply that the error-only handler does not
// match arrives as `unexpected_response` carrying the reply itself as its context.
void forward_request(proxy_actor* self, caf::message content, caf::response_promise rp) {
  auto& st = self->state;
  auto id = st.next_id++;
  st.pending.emplace(id, in_flight{st.current.address(), rp});
  auto handle = self->request(st.current, caf::infinite, std::move(content));
  self->add_multiplexed_response_handler(handle.id(), caf::behavior{[=](caf::error& err) {
    auto i = self->state.pending.find(id);
    if (i == self->state.pending.end())
      return; // already answered when the incarnation went down
    auto promise = std::move(i->second.promise);
    self->state.pending.erase(i);
    if (err == caf::sec::unexpected_response)
      promise.deliver(caf::message{err.context()});
    else if (err == caf::sec::request_receiver_down)
      promise.deliver(unavailable(self->state, "went down"));
    else
      promise.deliver(std::move(err));
  }});
}

void forward(proxy_actor* self, caf::message content, caf::response_promise rp) {
  // Anonymous: a reply to a forwarded asynchronous message must not come back to the proxy,
  // which would forward it to the child again.
  if (rp.async())
    caf::anon_send(self->state.current, std::move(content));
  else
    forward_request(self, std::move(content), std::move(rp));
}

caf::result<caf::message> receive_any(proxy_actor* self, caf::message_view& x) {
  auto& st = self->state;
  auto rp = self->make_response_promise();
  if (st.current) {
    forward(self, x.move_content_to_message(), rp);
  } else if (st.held.size() >= st.max_held) {
    if (!rp.async())
      rp.deliver(make_error(errc::overloaded, "'" + st.child + "' is restarting and "
                                                + std::to_string(st.max_held)
                                                + " requests already wait for it"));
  } else {
    st.held.push_back(held_message{x.move_content_to_message(), rp});
  }
  return rp;
}

void fail_in_flight(proxy_actor* self, const caf::actor_addr& target) {
  auto& pending = self->state.pending;
  for (auto i = pending.begin(); i != pending.end();) {
    if (i->second.target != target) {
      ++i;
      continue;
    }
    i->second.promise.deliver(unavailable(self->state, "went down"));
    i = pending.erase(i);
  }
}

void on_child_up(proxy_actor* self, caf::actor incarnation) {
  auto& st = self->state;
  self->monitor(incarnation);
  st.current = std::move(incarnation);
  auto held = std::move(st.held);
  st.held.clear();
  for (auto& h : held)
    forward(self, std::move(h.content), std::move(h.promise));
}

void on_down(proxy_actor* self, const caf::down_msg& dm) {
  if (self->state.current && self->state.current.address() == dm.source)
    self->state.current = nullptr;
  fail_in_flight(self, dm.source);
}

void retire(proxy_actor* self, const caf::exit_msg& em) {
  auto& st = self->state;
  for (auto& h : st.held)
    if (!h.promise.async())
      h.promise.deliver(unavailable(st, "is stopped"));
  st.held.clear();
  for (auto& [id, f] : st.pending)
    f.promise.deliver(unavailable(st, "is stopped"));
  st.pending.clear();
  self->quit(em.reason);
}

caf::behavior child_proxy(proxy_actor* self, std::string child, size_t max_held) {
  self->state.child = std::move(child);
  self->state.max_held = max_held;
  self->set_down_handler([=](caf::down_msg& dm) { on_down(self, dm); });
  self->set_exit_handler([=](caf::exit_msg& em) { retire(self, em); });
  self->set_default_handler(
    [=](caf::scheduled_actor*, caf::message_view& x) { return receive_any(self, x); });
  return {
    [=](child_up_atom, caf::actor& incarnation) { on_child_up(self, std::move(incarnation)); },
    [=](queue_atom) {
      return static_cast<uint64_t>(self->state.pending.size() + self->state.held.size());
    },
  };
}

} // namespace

caf::actor spawn_child_proxy(caf::actor_system& sys, std::string child_name, size_t max_held) {
  return sys.spawn(child_proxy, std::move(child_name), max_held);
}

} // namespace colors::actors
