// The machine's floor for bench/ws_fanout.sh: how long this machine takes just to move one small
// frame to each of N loopback TCP connections, with no WebSocket, no GraphQL and no server.
//
// A sender process accepts N connections (TCP_NODELAY), a receiver process connects them and
// reads with one epoll loop. Each round the sender takes a time, writes one FRAME-byte frame on
// every connection with plain `send` from SENDERS threads (each its share of the connections;
// default 2, as the server's default I/O threads), and the receiver notes when each frame has
// been read. Latencies are from that time (both processes use the same steady clock).
// Prints JSON lines ws_fanout_floor_p99 / _p50 (over all rounds) and a summary on stderr.
// Usage: loopback_floor [N=10000] [ROUNDS=5] [FRAME=150] [SENDERS=2]
#include "bench/bench_util.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

[[noreturn]] void die(const char* what) {
  std::perror(what);
  std::exit(2);
}

struct pipe_pair {
  int read_end = -1;
  int write_end = -1;
  pipe_pair() {
    int fds[2];
    if (::pipe(fds) != 0)
      die("pipe");
    read_end = fds[0];
    write_end = fds[1];
  }
};

template <class T>
void put(int fd, const T& value) {
  if (::write(fd, &value, sizeof value) != static_cast<ssize_t>(sizeof value))
    die("write to pipe");
}

template <class T>
T take(int fd) {
  T value{};
  if (::read(fd, &value, sizeof value) != static_cast<ssize_t>(sizeof value))
    die("read from pipe");
  return value;
}

int listen_on_loopback(sockaddr_in& addr) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd, 4096) != 0
      || ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    die("listen");
  return fd;
}

// The receiver: connects n sockets, then for each round reads n frames and reports their
// latencies (ms from the sender's start) back through `results`.
int receive(const sockaddr_in& addr, int n, int rounds, pipe_pair& starts, pipe_pair& results) {
  int ep = ::epoll_create1(0);
  for (int i = 0; i < n; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0)
      die("connect");
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  }
  put(results.write_end, 0.0); // connected
  char buf[4096];
  epoll_event events[256];
  std::vector<double> latencies;
  for (int r = 0; r < rounds; ++r) {
    auto t0 = take<clock_type::time_point>(starts.read_end);
    latencies.clear();
    while (static_cast<int>(latencies.size()) < n) {
      int k = ::epoll_wait(ep, events, 256, 10000);
      if (k <= 0)
        die("epoll_wait (a frame never came)");
      for (int i = 0; i < k; ++i)
        if (::recv(events[i].data.fd, buf, sizeof buf, 0) > 0)
          latencies.push_back(
            std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
    }
    for (double ms : latencies) // after the round: the pipe must not slow the reading
      put(results.write_end, ms);
  }
  return 0;
}

std::vector<int> accept_all(int listener, int n) {
  std::vector<int> conns;
  int one = 1;
  for (int i = 0; i < n; ++i) {
    int fd = ::accept(listener, nullptr, nullptr);
    if (fd < 0)
      die("accept");
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    conns.push_back(fd);
  }
  return conns;
}

// Writes `frame` once on every connection, split among `senders` threads.
void send_to_all(const std::vector<int>& conns, const std::string& frame, int senders) {
  auto send_share = [&](size_t first) {
    for (size_t i = first; i < conns.size(); i += static_cast<size_t>(senders))
      if (::send(conns[i], frame.data(), frame.size(), MSG_NOSIGNAL)
          != static_cast<ssize_t>(frame.size()))
        die("send");
  };
  std::vector<std::thread> others;
  for (int t = 1; t < senders; ++t)
    others.emplace_back(send_share, static_cast<size_t>(t));
  send_share(0);
  for (auto& t : others)
    t.join();
}

} // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  size_t frame_bytes = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 150;
  int senders = std::max(1, argc > 4 ? std::atoi(argv[4]) : 2);
  sockaddr_in addr{};
  int listener = listen_on_loopback(addr);
  pipe_pair starts, results;
  pid_t child = ::fork();
  if (child == 0)
    return receive(addr, n, rounds, starts, results);
  auto conns = accept_all(listener, n);
  take<double>(results.read_end); // the receiver has all connections
  std::string frame(frame_bytes, 'x');
  std::vector<double> all;
  for (int r = 0; r < rounds; ++r) {
    ::usleep(300000);
    auto t0 = clock_type::now();
    put(starts.write_end, t0);
    send_to_all(conns, frame, senders);
    double sent_ms = std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
    std::vector<double> round;
    for (int i = 0; i < n; ++i)
      round.push_back(take<double>(results.read_end));
    std::fprintf(stderr, "floor round %d: sent all in %.1f ms; read p50 %.1f ms, p99 %.1f ms\n",
                 r + 1, sent_ms, colors::bench::percentile(round, 0.5), colors::bench::percentile(round, 0.99));
    all.insert(all.end(), round.begin(), round.end());
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  colors::bench::report("ws_fanout_floor_p99", colors::bench::percentile(all, 0.99), "ms", 0, 0);
  colors::bench::report("ws_fanout_floor_p50", colors::bench::percentile(all, 0.5), "ms", 0, 0);
  return status == 0 ? 0 : 1;
}
