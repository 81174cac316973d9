#include "tryon/kling_client.hpp"

#include "common/errc.hpp"
#include "tryon/kling_client_impl.hpp"

#include <algorithm>

namespace colors::tryon {

namespace {

using std::chrono::milliseconds;

caf::error check_options(const kling_client_options& o) {
  if (!o.base_url.starts_with("http://") && !o.base_url.starts_with("https://"))
    return make_error(errc::invalid_argument, "kling base_url must be an http(s) URL");
  if (o.base_url.ends_with('/'))
    return make_error(errc::invalid_argument, "kling base_url must not end with '/'");
  if (o.max_running == 0 || o.max_attempts < 1 || o.max_queue == 0)
    return make_error(errc::invalid_argument,
                      "kling max_running, max_attempts and max_queue must be positive");
  if (o.max_connections < 1 || o.max_download_connections < 1)
    return make_error(errc::invalid_argument,
                      "kling max_connections and max_download_connections must be positive");
  return {};
}

void init_curl_once() {
  static std::once_flag once; // curl_global_init is not thread-safe before 7.84
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Downloads come from result CDNs, not the API: the circuit breaker and the API lane are not theirs.
bool via_breaker(const kling_call& call) {
  return call.kind != call_kind::download;
}

call_ptr make_call(call_kind kind, std::string target, std::function<void(kling_outcome)> done) {
  auto call = std::make_unique<kling_call>();
  call->kind = kind;
  call->target = std::move(target);
  call->done = std::move(done);
  return call;
}

} // namespace

// ---- the public side ----

caf::expected<std::unique_ptr<kling_client>> kling_client::start(kling_client_options opts) {
  if (auto err = check_options(opts))
    return err;
  init_curl_once();
  auto state = std::make_unique<impl>(std::move(opts));
  if (!state->multi)
    return make_error(errc::unavailable, "libcurl could not make a multi handle");
  state->thread = std::thread{[p = state.get()] { p->run(); }};
  return std::unique_ptr<kling_client>{new kling_client{std::move(state)}};
}

kling_client::kling_client(std::unique_ptr<impl> state) : impl_{std::move(state)} {}

kling_client::~kling_client() {
  {
    std::lock_guard guard{impl_->mutex};
    impl_->stopping = true;
  }
  curl_multi_wakeup(impl_->multi);
  impl_->thread.join();
}

void kling_client::create(create_task_request req, std::function<void(kling_outcome)> done) {
  auto call = make_call(call_kind::create, {}, std::move(done));
  call->body = boost::json::serialize(to_json(req));
  call->in_queue = true;
  impl_->gauges.queued++;
  impl_->submit(std::move(call));
}

void kling_client::query(std::string task_id, std::function<void(kling_outcome)> done) {
  impl_->submit(make_call(call_kind::query, std::move(task_id), std::move(done)));
}

void kling_client::query_external(std::string external_id,
                                  std::function<void(kling_outcome)> done) {
  impl_->submit(make_call(call_kind::external_path, std::move(external_id), std::move(done)));
}

void kling_client::download(std::string url, std::function<void(caf::expected<std::string>)> done) {
  auto call = make_call(call_kind::download, std::move(url), {});
  call->fetched = std::move(done);
  impl_->submit(std::move(call));
}

void kling_client::note_running(const std::string& kling_task_id) {
  std::lock_guard guard{impl_->mutex};
  impl_->running.insert(kling_task_id);
  impl_->gauges.running = impl_->running.size();
}

void kling_client::note_final(const std::string& kling_task_id) {
  {
    std::lock_guard guard{impl_->mutex};
    impl_->running.erase(kling_task_id);
    impl_->gauges.running = impl_->running.size();
  }
  curl_multi_wakeup(impl_->multi); // a slot may be free for a queued create
}

kling_client::stats_view kling_client::stats() const {
  double circuit = impl_->gauges.circuit.load();
  return {impl_->gauges.queued.load(), impl_->gauges.running.load(),
          circuit == 0   ? "closed"
          : circuit == 1 ? "open"
                         : "half_open"};
}

// ---- the loop ----

kling_client::impl::impl(kling_client_options o)
  : opts{std::move(o)}, tokens{opts.credentials}, multi{curl_multi_init()},
    breaker{opts.breaker_threshold, opts.breaker_open} {
  api_lane.limit = static_cast<size_t>(opts.max_connections);
  download_lane.limit = static_cast<size_t>(opts.max_download_connections);
  if (multi) // a backstop: the lanes never hand libcurl more transfers than this
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      opts.max_connections + opts.max_download_connections);
  add_kling_gauge_source(&gauges);
}

kling_client::impl::~impl() {
  remove_kling_gauge_source(&gauges);
  if (multi)
    curl_multi_cleanup(multi);
}

void kling_client::impl::submit(call_ptr call) {
  {
    std::lock_guard guard{mutex};
    if (!loop_done)
      inbox.push_back(std::move(call));
  }
  if (call) // the loop has ended: nobody else will answer
    return finish(std::move(call), stopped());
  curl_multi_wakeup(multi);
}

void kling_client::impl::run() {
  while (take_inbox()) {
    auto now = std::chrono::steady_clock::now();
    fire_timers(now);
    dispatch_creates(now);
    int active = 0;
    curl_multi_perform(multi, &active);
    collect_done();
    now = std::chrono::steady_clock::now();
    publish(now);
    curl_multi_poll(multi, nullptr, 0, next_wait_ms(now), nullptr);
  }
  shutdown();
}

bool kling_client::impl::take_inbox() {
  std::vector<call_ptr> taken;
  {
    std::lock_guard guard{mutex};
    if (stopping)
      return false;
    taken.swap(inbox);
  }
  for (auto& call : taken)
    route(std::move(call));
  return true;
}

void kling_client::impl::route(call_ptr call) {
  if (call->kind != call_kind::create)
    return start_attempt(std::move(call));
  if (creates.size() >= opts.max_queue)
    return finish(std::move(call), failure(kling_queue_full,
                                           "Too many try-ons are waiting; try again later.", true));
  creates.push_back(std::move(call));
  dispatch_creates(std::chrono::steady_clock::now()); // so max_queue counts only the waiting
}

bool kling_client::impl::slot_free() {
  std::lock_guard guard{mutex};
  return running.size() + creates_out < opts.max_running;
}

void kling_client::impl::dispatch_creates(steady_time now) {
  while (!creates.empty() && now >= paused_until && slot_free()) {
    auto call = std::move(creates.front());
    creates.pop_front();
    call->in_queue = false;
    gauges.queued--;
    call->holds_slot = true;
    creates_out++;
    start_attempt(std::move(call));
  }
}

void kling_client::impl::fire_timers(steady_time now) {
  while (!timers.empty() && timers.begin()->first <= now) {
    auto call = std::move(timers.begin()->second);
    timers.erase(timers.begin());
    start_attempt(std::move(call));
  }
}

void kling_client::impl::start_attempt(call_ptr call) {
  if (via_breaker(*call) && !breaker.allow(std::chrono::steady_clock::now()))
    return finish(std::move(call),
                  failure(kling_circuit_open,
                          "The try-on service is not answering; try again in a few minutes.",
                          true));
  auto& lane = lane_of(*call);
  if (lane.in_flight >= lane.limit)
    return lane.waiting.push_back(std::move(call));
  open_transfer(std::move(call));
}

kling_client::impl::lane& kling_client::impl::lane_of(const kling_call& call) {
  return via_breaker(call) ? api_lane : download_lane;
}

void kling_client::impl::open_transfer(call_ptr call) {
  auto t = make_transfer(spec_of(*call));
  if (!t) {
    if (via_breaker(*call)) // every call let through reports, or a half-open trial never ends
      breaker.on_failure(std::chrono::steady_clock::now());
    return retry_or_finish(std::move(call), 5000, "libcurl could not make a handle");
  }
  call->attempts++;
  lane_of(*call).in_flight++;
  curl_multi_add_handle(multi, t->easy);
  auto* easy = t->easy;
  flying.emplace(easy, std::make_pair(std::move(t), std::move(call)));
}

void kling_client::impl::open_waiting_transfers() {
  for (auto* lane : {&api_lane, &download_lane})
    while (!lane->waiting.empty() && lane->in_flight < lane->limit) {
      auto call = std::move(lane->waiting.front());
      lane->waiting.pop_front();
      open_transfer(std::move(call));
    }
}

void kling_client::impl::collect_done() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
    if (msg->msg != CURLMSG_DONE)
      continue;
    CURL* easy = msg->easy_handle;
    CURLcode code = msg->data.result; // msg dies with remove_handle
    auto node = flying.extract(easy);
    curl_multi_remove_handle(multi, easy);
    if (node.empty())
      continue;
    lane_of(*node.mapped().second).in_flight--;
    on_done(std::move(node.mapped().second), std::move(node.mapped().first), code);
  }
  open_waiting_transfers();
}

int kling_client::impl::next_wait_ms(steady_time now) {
  auto wake = now + milliseconds{1000};
  if (!timers.empty())
    wake = std::min(wake, timers.begin()->first);
  if (!creates.empty() && slot_free())
    wake = std::min(wake, std::max(paused_until, now));
  if (breaker.state(now) == circuit_state::open)
    wake = std::min(wake, breaker.reopens_at());
  auto wait = std::chrono::duration_cast<milliseconds>(wake - now).count();
  return static_cast<int>(std::clamp<int64_t>(wait + 1, 0, 1000)); // +1: never wake early
}

void kling_client::impl::publish(steady_time now) {
  gauges.awaiting_connection = api_lane.waiting.size() + download_lane.waiting.size();
  auto state = breaker.state(now);
  gauges.circuit = state == circuit_state::closed ? 0 : state == circuit_state::open ? 1 : 0.5;
}

void kling_client::impl::shutdown() {
  std::vector<call_ptr> left;
  {
    std::lock_guard guard{mutex};
    loop_done = true;
    left.swap(inbox);
  }
  for (auto& [easy, flight] : flying) {
    curl_multi_remove_handle(multi, easy);
    left.push_back(std::move(flight.second));
  }
  flying.clear(); // after the calls moved out: their bodies outlived the handles
  for (auto* lane : {&api_lane, &download_lane}) {
    for (auto& call : lane->waiting)
      left.push_back(std::move(call));
    lane->waiting.clear();
  }
  for (auto& [when, call] : timers)
    left.push_back(std::move(call));
  timers.clear();
  for (auto& call : creates)
    left.push_back(std::move(call));
  creates.clear();
  for (auto& call : left)
    finish(std::move(call), stopped());
}

} // namespace colors::tryon
