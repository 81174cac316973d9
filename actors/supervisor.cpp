#include "actors/supervisor.hpp"

#include "actors/atoms.hpp"
#include "actors/child_proxy.hpp"
#include "common/errc.hpp"
#include "common/log.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <random>

namespace colors::actors {

namespace {

using time_point = caf::actor_clock::time_point;

struct child_slot {
  child_spec spec;
  caf::actor proxy;
  caf::actor current;
  std::string state = "starting";
  time_point started;
  uint64_t restarts = 0;
  std::string last_failure;
  std::deque<time_point> recent; // restart times within the window
  uint64_t token = 0;            // identifies the restart timer that is still wanted
};

// The children's current incarnations, shared with the exit functor that stops them when the
// supervisor ends for any reason (including an exception in the supervisor itself).
using live_children = std::shared_ptr<std::vector<caf::actor>>;

struct supervisor_state {
  supervisor_options opts;
  std::vector<child_slot> slots;
  live_children live = std::make_shared<std::vector<caf::actor>>();
  time_point started;
  std::mt19937_64 rng;
  uint64_t all_token = 0;
  static inline const char* name = "supervisor";
};

using supervisor_actor = caf::stateful_actor<supervisor_state>;

constexpr uint64_t all_children = ~uint64_t{0};

int64_t millis(caf::timespan d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

std::string describe(const caf::error& reason) {
  return reason ? message_of(reason) : "normal exit";
}

void set_live(supervisor_actor* self, size_t i, caf::actor a) {
  (*self->state.live)[i] = a;
  self->state.slots[i].current = std::move(a);
}

void on_failure(supervisor_actor* self, size_t i, const caf::error& reason);

void start_child(supervisor_actor* self, size_t i) {
  auto& slot = self->state.slots[i];
  auto child = slot.spec.start ? slot.spec.start(self->system())
                               : make_error(errc::invalid_argument, "no factory");
  if (!child) {
    on_failure(self, i, child.error());
    return;
  }
  self->monitor(*child);
  set_live(self, i, *child);
  slot.state = "running";
  slot.started = self->clock().now();
  self->send(slot.proxy, child_up_atom::value, *child);
}

void give_up(supervisor_actor* self, size_t i) {
  auto& st = self->state;
  auto& slot = st.slots[i];
  slot.state = "failed";
  auto why = "supervisor '" + st.opts.name + "': child '" + slot.spec.name + "' gave up after "
             + std::to_string(slot.recent.size()) + " restarts within "
             + std::to_string(millis(st.opts.window)) + "ms; last failure: " + slot.last_failure;
  log(log_level::error, "supervisor gave up",
      {{"supervisor", st.opts.name}, {"child", slot.spec.name},
       {"restarts", std::to_string(slot.restarts)}, {"last_failure", slot.last_failure}});
  self->quit(make_error(errc::unavailable, std::move(why)));
}

// Stops every other running child without treating its exit as a failure.
void stop_siblings(supervisor_actor* self, size_t failed) {
  auto& slots = self->state.slots;
  for (size_t j = slots.size(); j-- > 0;) {
    if (j == failed || !slots[j].current)
      continue;
    auto c = slots[j].current;
    self->demonitor(c);
    set_live(self, j, nullptr);
    slots[j].state = "restarting";
    self->send_exit(c, caf::exit_reason::user_shutdown);
  }
}

void schedule_restart(supervisor_actor* self, size_t i) {
  auto& st = self->state;
  auto& slot = st.slots[i];
  std::uniform_real_distribution<double> unit{0.0, 1.0};
  auto delay = backoff_delay(st.opts, slot.recent.size(), unit(st.rng));
  if (st.opts.strategy == restart_strategy::all_for_one) {
    stop_siblings(self, i);
    self->delayed_send(self, delay, restart_atom::value, all_children, ++st.all_token);
  } else {
    self->delayed_send(self, delay, restart_atom::value, uint64_t{i}, ++slot.token);
  }
}

void on_failure(supervisor_actor* self, size_t i, const caf::error& reason) {
  auto& st = self->state;
  auto& slot = st.slots[i];
  slot.last_failure = describe(reason);
  auto now = self->clock().now();
  while (!slot.recent.empty() && now - slot.recent.front() > st.opts.window)
    slot.recent.pop_front();
  if (slot.recent.size() >= st.opts.max_restarts) {
    give_up(self, i);
    return;
  }
  slot.recent.push_back(now);
  ++slot.restarts;
  slot.state = "restarting";
  log(log_level::warn, "child failed, restarting",
      {{"supervisor", st.opts.name}, {"child", slot.spec.name}, {"reason", slot.last_failure}});
  schedule_restart(self, i);
}

void on_down(supervisor_actor* self, const caf::down_msg& dm) {
  auto& slots = self->state.slots;
  auto i = std::find_if(slots.begin(), slots.end(), [&](const child_slot& s) {
    return s.current && s.current.address() == dm.source;
  });
  if (i == slots.end())
    return; // an incarnation we stopped on purpose
  auto index = static_cast<size_t>(i - slots.begin());
  set_live(self, index, nullptr);
  bool normal = !dm.reason || dm.reason == caf::exit_reason::normal;
  if (normal && i->spec.policy == restart_policy::transient) {
    i->state = "stopped";
    return;
  }
  on_failure(self, index, dm.reason);
}

void on_restart(supervisor_actor* self, uint64_t which, uint64_t token) {
  auto& st = self->state;
  if (which == all_children) {
    if (token != st.all_token)
      return;
    for (size_t i = 0; i < st.slots.size(); ++i)
      if (!st.slots[i].current && st.slots[i].state == "restarting")
        start_child(self, i);
  } else if (which < st.slots.size() && token == st.slots[which].token
             && !st.slots[which].current) {
    start_child(self, which);
  }
}

// ---- inspection ----

struct inspection {
  node_info info;
  size_t waiting = 0;
  caf::typed_response_promise<node_info> promise;
};

node_info slot_info(supervisor_actor* self, const child_slot& slot) {
  node_info n;
  n.name = slot.spec.name;
  n.kind = slot.spec.kind;
  n.state = slot.state;
  n.uptime_ms = slot.current ? millis(self->clock().now() - slot.started) : 0;
  n.restarts = slot.restarts;
  n.last_failure = slot.last_failure;
  return n;
}

// The child's own report adds what only it knows; the supervisor's view of it wins otherwise.
void merge(node_info& mine, node_info&& theirs) {
  mine.mailbox_size = theirs.mailbox_size;
  mine.entities = std::move(theirs.entities);
  mine.children = std::move(theirs.children);
}

caf::result<node_info> inspect_tree(supervisor_actor* self) {
  auto& st = self->state;
  auto acc = std::make_shared<inspection>();
  acc->info = node_info{st.opts.name, "supervisor", "running",
                        millis(self->clock().now() - st.started), 0, "",
                        static_cast<int64_t>(self->mailbox().size()), {}, {}};
  for (const auto& slot : st.slots)
    acc->info.children.push_back(slot_info(self, slot));
  acc->promise = self->make_response_promise<node_info>();
  auto done = [acc] {
    if (--acc->waiting == 0)
      acc->promise.deliver(std::move(acc->info));
  };
  acc->waiting = 1;
  for (size_t i = 0; i < st.slots.size(); ++i) {
    // Plain workers speak only their own protocol, and another actor's CAF mailbox cannot be
    // read safely from here: their proxy reports their queue (requests not yet answered).
    if (st.slots[i].spec.kind == "worker") {
      ++acc->waiting;
      self->request(st.slots[i].proxy, std::chrono::seconds{2}, queue_atom::value)
        .then([acc, i, done](uint64_t n) {
                acc->info.children[i].mailbox_size = static_cast<int64_t>(n);
                done();
              },
              [done](caf::error&) { done(); });
      continue;
    }
    if (!st.slots[i].current)
      continue;
    ++acc->waiting;
    self->request(st.slots[i].current, std::chrono::seconds{2}, inspect_atom::value)
      .then([acc, i, done](node_info& n) { merge(acc->info.children[i], std::move(n)); done(); },
            [done](caf::error&) { done(); });
  }
  auto result = acc->promise;
  done();
  return result;
}

// ---- the actor ----

struct supervisor_seed {
  supervisor_options opts;
  std::vector<child_slot> slots;
  std::vector<caf::actor> retire; // the root retires every proxy of the tree on exit
};

void on_exit_functor(supervisor_actor* self, std::vector<caf::actor> retire) {
  auto live = self->state.live;
  self->attach_functor([live, retire = std::move(retire)] {
    for (auto i = live->rbegin(); i != live->rend(); ++i)
      if (*i)
        caf::anon_send_exit(*i, caf::exit_reason::user_shutdown);
    for (const auto& proxy : retire)
      caf::anon_send_exit(proxy, caf::exit_reason::user_shutdown);
  });
}

caf::behavior supervisor(supervisor_actor* self, std::shared_ptr<supervisor_seed> seed) {
  auto& st = self->state;
  st.opts = std::move(seed->opts);
  st.slots = std::move(seed->slots);
  st.live->resize(st.slots.size());
  st.started = self->clock().now();
  st.rng.seed(st.opts.seed ? st.opts.seed : std::random_device{}());
  on_exit_functor(self, std::move(seed->retire));
  self->set_down_handler([=](caf::down_msg& dm) { on_down(self, dm); });
  self->set_exit_handler([=](caf::exit_msg& em) { self->quit(em.reason); });
  for (size_t i = 0; i < self->state.slots.size(); ++i)
    if (!self->state.slots[i].current && self->state.slots[i].state == "starting")
      start_child(self, i);
  return {
    [=](restart_atom, uint64_t which, uint64_t token) { on_restart(self, which, token); },
    [=](inspect_atom) { return inspect_tree(self); },
  };
}

// Makes a proxy per child and collects every proxy of the subtree.
std::shared_ptr<supervisor_seed> prepare(caf::actor_system& sys, supervisor_options opts,
                                         std::vector<child_spec> children,
                                         std::map<std::string, caf::actor>& proxies) {
  auto seed = std::make_shared<supervisor_seed>();
  for (auto& spec : children) {
    child_slot slot;
    slot.proxy = spawn_child_proxy(sys, spec.name, opts.max_held);
    proxies[spec.name] = slot.proxy;
    for (auto& [name, p] : spec.nested_proxies)
      proxies[name] = p;
    slot.spec = std::move(spec);
    seed->slots.push_back(std::move(slot));
  }
  seed->opts = std::move(opts);
  return seed;
}

} // namespace

caf::timespan backoff_delay(const supervisor_options& opts, size_t attempt, double unit_random) {
  double base = static_cast<double>(opts.initial_backoff.count());
  double cap = static_cast<double>(opts.max_backoff.count());
  double delay = std::min(cap, base * std::pow(2.0, static_cast<double>(attempt ? attempt - 1 : 0)));
  delay *= 1.0 + opts.jitter * (2.0 * unit_random - 1.0);
  return caf::timespan{static_cast<caf::timespan::rep>(std::max(0.0, delay))};
}

caf::actor supervisor_handle::child(const std::string& name) const {
  auto i = children.find(name);
  return i == children.end() ? caf::actor{} : i->second;
}

supervisor_handle spawn_supervisor(caf::actor_system& sys, supervisor_options opts,
                                   std::vector<child_spec> children) {
  supervisor_handle handle;
  auto seed = prepare(sys, std::move(opts), std::move(children), handle.children);
  for (auto& [name, proxy] : handle.children)
    seed->retire.push_back(proxy);
  handle.supervisor = sys.spawn(supervisor, seed);
  return handle;
}

child_spec supervisor_child(caf::actor_system& sys, supervisor_options opts,
                            std::vector<child_spec> children) {
  child_spec spec;
  spec.name = opts.name;
  spec.kind = "supervisor";
  auto seed = prepare(sys, std::move(opts), std::move(children), spec.nested_proxies);
  spec.start = [seed](caf::actor_system& sys) -> caf::expected<caf::actor> {
    // Every incarnation starts from the same specs and proxies, with fresh counters.
    auto fresh = std::make_shared<supervisor_seed>(*seed);
    return sys.spawn(supervisor, fresh);
  };
  return spec;
}

} // namespace colors::actors
