#include "common/metrics.hpp"

#include <doctest/doctest.h>

#include <thread>

using namespace colors::metrics;

TEST_CASE("counters, gauges and histograms render in the Prometheus text format") {
  registry reg;
  reg.get_counter("http_requests_total", "Requests served.", {{"route", "/healthz"}, {"status", "200"}})
    .inc(3);
  reg.get_gauge("open_connections", "Open connections.").set(2);
  reg.gauge_fn("queue_length", "Queued items.", [] { return 7.0; });
  auto& h = reg.get_histogram("latency_seconds", "Latency.", {0.1, 1}, {{"route", "/x"}});
  h.observe(0.05);
  h.observe(0.5);
  h.observe(5);
  auto text = reg.render();
  CHECK(text.find("# TYPE http_requests_total counter\n") != std::string::npos);
  CHECK(text.find("http_requests_total{route=\"/healthz\",status=\"200\"} 3\n") != std::string::npos);
  CHECK(text.find("open_connections 2\n") != std::string::npos);
  CHECK(text.find("queue_length 7\n") != std::string::npos);
  CHECK(text.find("latency_seconds_bucket{route=\"/x\",le=\"0.10000000000000001\"} 1\n")
        != std::string::npos);
  CHECK(text.find("latency_seconds_bucket{route=\"/x\",le=\"1\"} 2\n") != std::string::npos);
  CHECK(text.find("latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n") != std::string::npos);
  CHECK(text.find("latency_seconds_count{route=\"/x\"} 3\n") != std::string::npos);
  CHECK(text.find("latency_seconds_sum{route=\"/x\"} 5.5") != std::string::npos);
}

TEST_CASE("label values are escaped") {
  CHECK(render_labels({{"path", "a\"b\\c\nd"}}) == "{path=\"a\\\"b\\\\c\\nd\"}");
  CHECK(render_labels({}).empty());
}

TEST_CASE("the same name and labels give the same metric; updates from many threads add up") {
  registry reg;
  auto& a = reg.get_counter("c_total", "C.");
  CHECK(&a == &reg.get_counter("c_total", "C."));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i)
        reg.get_counter("c_total", "C.").inc();
    });
  for (auto& t : threads)
    t.join();
  CHECK(a.value() == 40000);
  CHECK_THROWS(reg.get_gauge("c_total", "C."));
}
