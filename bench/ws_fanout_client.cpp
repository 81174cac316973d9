// Load client of `make bench ONLY=ws_fanout` (bench/ws_fanout.sh starts the server and runs it).
//
// Plain POSIX sockets and one epoll loop, non-blocking, and a minimal hand-written WebSocket
// client (HTTP upgrade offering graphql-transport-ws, masked client text frames, unmasked server
// frames, pongs for pings). Node cannot take 10,000 messages fast enough here to measure the
// server; this client spends a few microseconds per message.
//
//   1. Warm-up / baseline: one subscriber; one update to warm up, then WARM updates (a plain HTTP POST of the updateProduct
//      mutation each), the delivery latency of each from just before the POST is written.
//   2. VmRSS of the server (/proc/PID/status) before the N subscribers.
//   3. N connections (at most 256 handshakes in flight): upgrade, connection_init ->
//      connection_ack, subscribe -> the first `next` (the current product). All must get it.
//   4. Idle for a second, VmRSS again: (after - before) / N is the memory per idle subscriber.
//   5. ROUNDS updates, INTERVAL ms apart: t0 just before the POST is written; each
//      subscriber's latency is when its `next` with the new price has been read, from t0.
//
// Prints one JSON line per figure (stdout) and a readable summary (stderr).
// Usage: ws_fanout_client HOST PORT PRODUCT_ID TOKEN SERVER_PID [N] [ROUNDS] [INTERVAL_MS] [WARM]
#include "bench/bench_util.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace bench = colors::bench;

namespace {

using clock_type = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "ws_fanout_client: %s\n", what.c_str());
  std::exit(1);
}

double ms_between(clock_type::time_point a, clock_type::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

long vm_rss_kb(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0)
      return std::atol(line.c_str() + 6);
  die("no VmRSS for pid " + std::to_string(pid));
}

enum class state { connecting, upgrading, waiting_ack, waiting_first, idle, dead };

struct conn {
  int fd = -1;
  state st = state::connecting;
  std::string in;            // bytes read, not yet parsed
  std::string out;           // bytes not yet written (EAGAIN)
  int64_t last_price = -1;   // amountMinor of the newest `next`
  clock_type::time_point got; // when that `next` was read
  bool is_http = false;      // the update POSTs' keep-alive connection
};

class client {
public:
  client(std::string host, int port, std::string product, std::string token)
    : host_(std::move(host)), port_(port), product_(std::move(product)),
      token_(std::move(token)) {
    ep_ = epoll_create1(0);
    if (ep_ < 0)
      die("epoll_create1");
    addr_.sin_family = AF_INET;
    addr_.sin_port = htons(static_cast<uint16_t>(port_));
    if (inet_pton(AF_INET, host_.c_str(), &addr_.sin_addr) != 1)
      die("bad host " + host_);
  }

  // Opens `n` subscribers (indices [first, first + n)) and waits for every first `next`.
  void open(size_t n, double timeout_s) {
    size_t first = conns_.size();
    conns_.resize(first + n);
    size_t next_to_open = first, in_flight = 0;
    auto start = clock_type::now();
    while (true) {
      while (next_to_open < conns_.size() && in_flight < 256) {
        start_connect(next_to_open++);
        ++in_flight;
      }
      size_t ready = 0, dead = 0;
      in_flight = 0;
      for (size_t i = first; i < next_to_open; ++i) {
        auto s = conns_[i].st;
        if (s == state::idle)
          ++ready;
        else if (s == state::dead)
          ++dead;
        else
          ++in_flight;
      }
      if (dead)
        die(std::to_string(dead) + " subscriber connections failed");
      if (ready == n)
        return;
      if (bench::seconds_since(start) > timeout_s)
        die("only " + std::to_string(ready) + " of " + std::to_string(n)
            + " subscribers got their first value in time");
      poll(10);
    }
  }

  // One update: POSTs the mutation setting `price`, then waits until subscribers [first, last)
  // have read the `next` carrying it; their latencies (ms from just before the POST) go to `out`.
  // Returns how many received it.
  size_t update(int64_t price, size_t first, size_t last, std::vector<double>& out,
                double timeout_s, double& mutation_ms) {
    std::string body = "{\"query\":\"mutation { updateProduct(id: \\\"" + product_
                       + "\\\", input: {name: \\\"Linen shirt\\\", price: {amountMinor: "
                       + std::to_string(price)
                       + ", currency: \\\"EUR\\\"}}) { product { id } } }\"}";
    std::string req = "POST /graphql HTTP/1.1\r\nHost: " + host_ + "\r\nContent-Type: "
                      "application/json\r\nAuthorization: Bearer " + token_
                      + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    if (http_ < 0)
      open_http();
    http_answer_.clear();
    http_done_ = false;
    auto t0 = clock_type::now();
    send_all(conns_http_, req);
    auto deadline = t0 + std::chrono::duration<double>(timeout_s);
    size_t got = 0;
    while (true) {
      poll(5);
      got = 0;
      for (size_t i = first; i < last; ++i)
        if (conns_[i].last_price == price)
          ++got;
      if (got == last - first && http_done_)
        break;
      if (clock_type::now() > deadline)
        break;
    }
    if (!http_done_)
      die("the update mutation was not answered");
    if (http_answer_.find("\"errors\"") != std::string::npos
        || http_answer_.find("\"product\":{\"id\"") == std::string::npos)
      die("the update mutation answered " + http_answer_);
    mutation_ms = ms_between(t0, http_at_);
    for (size_t i = first; i < last; ++i)
      if (conns_[i].last_price == price)
        out.push_back(ms_between(t0, conns_[i].got));
    return got;
  }

  // Reads whatever arrives for `ms` (e.g. pings), keeping the connections alive.
  void idle(int ms) {
    auto end = clock_type::now() + std::chrono::milliseconds(ms);
    while (clock_type::now() < end)
      poll(10);
  }

  size_t size() const { return conns_.size(); }

private:
  static constexpr int http_index = -2;

  void start_connect(size_t i) {
    auto& c = conns_[i];
    c.fd = connect_fd();
    c.st = state::connecting;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = i;
    if (epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev) < 0)
      die(std::string("epoll_ctl: ") + std::strerror(errno));
  }

  int connect_fd() {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
      die(std::string("socket: ") + std::strerror(errno) + " (raise ulimit -n)");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr_), sizeof addr_) < 0
        && errno != EINPROGRESS)
      die(std::string("connect: ") + std::strerror(errno));
    return fd;
  }

  void open_http() {
    http_ = connect_fd();
    conns_http_.fd = http_;
    conns_http_.is_http = true;
    conns_http_.st = state::connecting;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = static_cast<uint64_t>(http_index);
    epoll_ctl(ep_, EPOLL_CTL_ADD, http_, &ev);
    // Wait for the connection so that the POST is written in one go right after t0.
    auto start = clock_type::now();
    while (conns_http_.st == state::connecting) {
      poll(10);
      if (bench::seconds_since(start) > 10)
        die("cannot connect for the update POST");
    }
  }

  void poll(int timeout_ms) {
    epoll_event evs[1024];
    int n = epoll_wait(ep_, evs, 1024, timeout_ms);
    if (n < 0) {
      if (errno == EINTR)
        return;
      die("epoll_wait");
    }
    for (int k = 0; k < n; ++k) {
      auto idx = evs[k].data.u64;
      conn& c = idx == static_cast<uint64_t>(http_index) ? conns_http_ : conns_[idx];
      if (c.st == state::dead)
        continue;
      if (evs[k].events & (EPOLLERR | EPOLLHUP)) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        fail(c, std::string("socket error: ") + std::strerror(err));
        continue;
      }
      if (evs[k].events & EPOLLOUT)
        on_writable(c, idx);
      if ((evs[k].events & EPOLLIN) && c.st != state::dead)
        on_readable(c);
    }
  }

  void fail(conn& c, const std::string& why) {
    if (failures_++ < 5)
      std::fprintf(stderr, "ws_fanout_client: connection failed: %s\n", why.c_str());
    c.st = state::dead;
    epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
    close(c.fd);
    if (c.is_http)
      die("the update connection failed: " + why);
  }

  void set_events(conn& c, uint64_t idx, uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = idx;
    epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
  }

  void on_writable(conn& c, uint64_t idx) {
    if (c.st == state::connecting) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err)
        return fail(c, std::string("connect: ") + std::strerror(err));
      set_events(c, idx, EPOLLIN);
      if (c.is_http) {
        c.st = state::idle;
        return;
      }
      c.st = state::upgrading;
      std::string key = "dGhlIHNhbXBsZSBub25jZQ=="; // any 16 bytes in base64 will do
      send_all(c, "GET /graphql HTTP/1.1\r\nHost: " + host_ + ":" + std::to_string(port_)
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: "
                      "graphql-transport-ws\r\n\r\n");
      return;
    }
    // The rest of a partial write.
    if (!c.out.empty()) {
      auto pending = std::move(c.out);
      c.out.clear();
      send_all(c, pending);
    }
  }

  void send_all(conn& c, const std::string& bytes) {
    if (!c.out.empty()) {
      c.out += bytes;
      return;
    }
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t w = ::send(c.fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (w > 0) {
        done += static_cast<size_t>(w);
      } else if (w < 0 && errno == EINTR) {
        continue;
      } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        c.out.assign(bytes, done);
        uint64_t idx = c.is_http ? static_cast<uint64_t>(http_index) : index_of(c);
        set_events(c, idx, EPOLLIN | EPOLLOUT);
        return;
      } else {
        return fail(c, std::string("send: ") + std::strerror(errno));
      }
    }
  }

  uint64_t index_of(const conn& c) const { return static_cast<uint64_t>(&c - conns_.data()); }

  // A masked text frame.
  void send_text(conn& c, std::string_view payload) {
    std::string f;
    f.reserve(payload.size() + 14);
    f.push_back(static_cast<char>(0x81));
    if (payload.size() < 126) {
      f.push_back(static_cast<char>(0x80 | payload.size()));
    } else if (payload.size() < 65536) {
      f.push_back(static_cast<char>(0x80 | 126));
      f.push_back(static_cast<char>(payload.size() >> 8));
      f.push_back(static_cast<char>(payload.size() & 0xff));
    } else {
      die("frame too large");
    }
    uint32_t mask = static_cast<uint32_t>(rng_());
    char m[4];
    std::memcpy(m, &mask, 4);
    f.append(m, 4);
    for (size_t i = 0; i < payload.size(); ++i)
      f.push_back(static_cast<char>(payload[i] ^ m[i % 4]));
    send_all(c, f);
  }

  void send_control(conn& c, uint8_t opcode, std::string_view payload) {
    std::string f;
    f.push_back(static_cast<char>(0x80 | opcode));
    f.push_back(static_cast<char>(0x80 | payload.size()));
    char m[4] = {1, 2, 3, 4};
    f.append(m, 4);
    for (size_t i = 0; i < payload.size(); ++i)
      f.push_back(static_cast<char>(payload[i] ^ m[i % 4]));
    send_all(c, f);
  }

  void on_readable(conn& c) {
    char buf[16384];
    while (true) {
      ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
      if (r > 0) {
        c.in.append(buf, static_cast<size_t>(r));
        if (static_cast<size_t>(r) < sizeof buf)
          break;
        continue;
      }
      if (r == 0)
        return fail(c, "closed by the server");
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        break;
      return fail(c, std::string("recv: ") + std::strerror(errno));
    }
    auto now = clock_type::now();
    if (c.is_http)
      return on_http(c, now);
    if (c.st == state::upgrading) {
      auto end = c.in.find("\r\n\r\n");
      if (end == std::string::npos)
        return;
      auto head = c.in.substr(0, end);
      if (head.rfind("HTTP/1.1 101", 0) != 0)
        return fail(c, "upgrade refused: " + head.substr(0, head.find('\r')));
      c.in.erase(0, end + 4);
      c.st = state::waiting_ack;
      send_text(c, R"({"type":"connection_init","payload":{}})");
    }
    parse_frames(c, now);
  }

  void parse_frames(conn& c, clock_type::time_point now) {
    size_t pos = 0;
    while (c.st != state::dead) {
      if (c.in.size() - pos < 2)
        break;
      auto b0 = static_cast<uint8_t>(c.in[pos]), b1 = static_cast<uint8_t>(c.in[pos + 1]);
      uint64_t len = b1 & 0x7f;
      size_t header = 2;
      if (b1 & 0x80)
        return fail(c, "masked server frame");
      if (len == 126) {
        if (c.in.size() - pos < 4)
          break;
        len = (static_cast<uint8_t>(c.in[pos + 2]) << 8) | static_cast<uint8_t>(c.in[pos + 3]);
        header = 4;
      } else if (len == 127) {
        if (c.in.size() - pos < 10)
          break;
        len = 0;
        for (int k = 0; k < 8; ++k)
          len = (len << 8) | static_cast<uint8_t>(c.in[pos + 2 + k]);
        header = 10;
      }
      if (c.in.size() - pos < header + len)
        break;
      std::string_view payload(c.in.data() + pos + header, len);
      uint8_t opcode = b0 & 0x0f;
      if (!(b0 & 0x80))
        return fail(c, "fragmented frames are not supported by this client");
      if (opcode == 0x1)
        on_message(c, payload, now);
      else if (opcode == 0x9)
        send_control(c, 0xA, payload);
      else if (opcode == 0x8)
        return fail(c, "close frame from the server: " + std::string(payload.substr(2 < len ? 2 : len)));
      pos += header + len;
    }
    if (c.st != state::dead)
      c.in.erase(0, pos);
  }

  void on_message(conn& c, std::string_view msg, clock_type::time_point now) {
    if (c.st == state::waiting_ack) {
      if (msg.find("\"connection_ack\"") == std::string_view::npos)
        return fail(c, "expected connection_ack, got " + std::string(msg));
      c.st = state::waiting_first;
      send_text(c, "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { "
                   "productUpdated(id: \\\"" + product_
                     + "\\\") { id name price { amountMinor currency } } }\"}}");
      return;
    }
    if (msg.find("\"type\":\"next\"") == std::string_view::npos)
      return fail(c, "expected next, got " + std::string(msg));
    auto at = msg.find("\"amountMinor\":");
    if (at == std::string_view::npos)
      return fail(c, "a next without a price: " + std::string(msg));
    c.last_price = std::atoll(std::string(msg.substr(at + 14, 20)).c_str());
    c.got = now;
    if (c.st == state::waiting_first)
      c.st = state::idle;
  }

  void on_http(conn& c, clock_type::time_point now) {
    // One answer at a time: the head, then Content-Length bytes (the server sends no chunks).
    auto end = c.in.find("\r\n\r\n");
    if (end == std::string::npos)
      return;
    auto cl = c.in.find("Content-Length: ");
    if (cl == std::string::npos || cl > end)
      cl = c.in.find("content-length: ");
    if (cl == std::string::npos || cl > end)
      die("an HTTP answer without Content-Length: " + c.in.substr(0, end));
    size_t len = std::strtoul(c.in.c_str() + cl + 16, nullptr, 10);
    if (c.in.size() < end + 4 + len)
      return;
    http_answer_ = c.in.substr(end + 4, len);
    c.in.erase(0, end + 4 + len);
    http_done_ = true;
    http_at_ = now;
  }

  std::string host_;
  int port_;
  std::string product_, token_;
  sockaddr_in addr_{};
  int ep_ = -1;
  std::vector<conn> conns_;
  conn conns_http_;
  int http_ = -1;
  std::string http_answer_;
  bool http_done_ = false;
  clock_type::time_point http_at_;
  size_t failures_ = 0;
  std::mt19937_64 rng_{42};
};

struct stats {
  double p50, p99, max;
};

stats stats_of(const std::vector<double>& xs) {
  if (xs.empty())
    return {0, 0, 0};
  return {bench::percentile(xs, 0.50), bench::percentile(xs, 0.99),
          *std::max_element(xs.begin(), xs.end())};
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s HOST PORT PRODUCT_ID TOKEN SERVER_PID [N] [ROUNDS] "
                         "[INTERVAL_MS] [WARM]\n", argv[0]);
    return 2;
  }
  std::string host = argv[1];
  int port = std::atoi(argv[2]);
  std::string product = argv[3], token = argv[4];
  int server_pid = std::atoi(argv[5]);
  size_t n = argc > 6 ? std::strtoul(argv[6], nullptr, 10) : 10000;
  int rounds = argc > 7 ? std::atoi(argv[7]) : 5;
  int interval_ms = argc > 8 ? std::atoi(argv[8]) : 1000;
  int warm = argc > 9 ? std::atoi(argv[9]) : 5;

  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < n + 64)
    die("RLIMIT_NOFILE " + std::to_string(rl.rlim_cur) + " is too low for "
        + std::to_string(n) + " connections");

  client cl(host, port, product, token);
  int64_t price = 5000;
  double mutation_ms = 0;

  // 1. Baseline: one subscriber (index 0), `warm` updates.
  cl.open(1, 30);
  std::vector<double> base;
  for (int r = -1; r < warm; ++r) { // round -1 warms the server up and is not counted
    std::vector<double> one;
    if (cl.update(++price, 0, 1, one, 10, mutation_ms) != 1)
      die("the single subscriber did not get its update");
    if (r >= 0)
      base.push_back(one[0]);
    cl.idle(200);
  }
  auto base_stats = stats_of(base);
  std::fprintf(stderr, "baseline (1 subscriber, %d updates after a warm-up one): p50 %.3f ms, "
                       "p99 %.3f ms, max %.3f ms (last mutation answered after %.3f ms)\n",
               warm, base_stats.p50, base_stats.p99, base_stats.max, mutation_ms);

  // 2-4. N idle subscribers and the server's memory for them.
  cl.idle(500);
  long rss_before = vm_rss_kb(server_pid);
  auto t_open = clock_type::now();
  cl.open(n, 300);
  double open_s = bench::seconds_since(t_open);
  cl.idle(2000);
  long rss_after = vm_rss_kb(server_pid);
  double per_sub = (rss_after - rss_before) * 1024.0 / static_cast<double>(n);
  std::fprintf(stderr, "%zu subscribers ready in %.2f s; server VmRSS %ld -> %ld KiB: "
                       "%.0f bytes per idle subscriber\n",
               n, open_s, rss_before, rss_after, per_sub);

  // 5. Rounds of one update each to all N (+ the baseline connection, not counted).
  std::vector<double> all;
  std::vector<double> round_p99;
  size_t delivered_min = n;
  for (int r = 0; r < rounds; ++r) {
    std::vector<double> lat;
    lat.reserve(n);
    size_t got = cl.update(++price, 1, 1 + n, lat, 30, mutation_ms);
    delivered_min = std::min(delivered_min, got);
    auto s = stats_of(lat);
    round_p99.push_back(s.p99);
    all.insert(all.end(), lat.begin(), lat.end());
    std::fprintf(stderr, "round %d: %zu/%zu delivered; p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
                         "mutation answered after %.3f ms\n",
                 r + 1, got, n, s.p50, s.p99, s.max, mutation_ms);
    if (r + 1 < rounds)
      cl.idle(interval_ms);
  }
  auto s = stats_of(all);
  std::string per_round;
  for (auto p : round_p99)
    per_round += (per_round.empty() ? "" : ", ") + std::to_string(p).substr(0, 6);
  std::fprintf(stderr, "all %d rounds: p50 %.3f ms, p99 %.3f ms (per round: %s), max %.3f ms; "
                       "fewest delivered in a round: %zu of %zu\n",
               rounds, s.p50, s.p99, per_round.c_str(), s.max, delivered_min, n);

  bench::report("ws_fanout_p99", s.p99, "ms", base_stats.p99, s.p99 > 0 ? base_stats.p99 / s.p99 : 0);
  bench::report("ws_fanout_p50", s.p50, "ms", base_stats.p50, s.p50 > 0 ? base_stats.p50 / s.p50 : 0);
  bench::report("ws_fanout_memory_per_subscriber", per_sub, "bytes", 0, 0);
  bench::report("ws_fanout_delivered", static_cast<double>(delivered_min), "count",
                static_cast<double>(n), static_cast<double>(delivered_min) / static_cast<double>(n));
  return delivered_min == n ? 0 : 1;
}
