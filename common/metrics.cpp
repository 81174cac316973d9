#include "common/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace colors::metrics {

namespace {

void atomic_add(std::atomic<double>& target, double d) {
  double old = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(old, old + d, std::memory_order_relaxed))
    ;
}

std::string escape_label_value(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out;
}

std::string format_number(double v) {
  if (std::isinf(v))
    return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v))
    return "NaN";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

const char* type_name(int k) {
  static const char* names[] = {"counter", "gauge", "histogram"};
  return names[k];
}

// Adds one label to an already rendered label set.
std::string with_label(const std::string& rendered, const std::string& extra) {
  if (rendered.empty())
    return "{" + extra + "}";
  return rendered.substr(0, rendered.size() - 1) + "," + extra + "}";
}

} // namespace

void gauge::add(double d) { atomic_add(value_, d); }

histogram::histogram(std::vector<double> bounds)
  : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size()]) {
  std::sort(bounds_.begin(), bounds_.end());
  for (size_t i = 0; i < bounds_.size(); ++i)
    counts_[i].store(0, std::memory_order_relaxed);
}

void histogram::observe(double v) {
  auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);
  if (it != bounds_.end())
    counts_[it - bounds_.begin()].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  atomic_add(sum_, v);
}

std::vector<double> latency_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
          1,      2.5,     5,      10};
}

std::string render_labels(const labels& l) {
  if (l.empty())
    return {};
  std::string out = "{";
  for (size_t i = 0; i < l.size(); ++i)
    out += (i ? "," : "") + l[i].first + "=\"" + escape_label_value(l[i].second) + '"';
  return out + "}";
}

registry::series& registry::find_or_add(const std::string& name, const std::string& help,
                                        kind type, const labels& l) {
  auto& fam = families_[name];
  if (fam.by_labels.empty()) {
    fam.type = type;
    fam.help = help;
  } else if (fam.type != type) {
    throw std::logic_error("metric " + name + " registered with two types");
  }
  return fam.by_labels[render_labels(l)];
}

counter& registry::get_counter(const std::string& name, const std::string& help,
                               const labels& l) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto& s = find_or_add(name, help, kind::counter, l);
  if (!s.c)
    s.c = std::make_unique<counter>();
  return *s.c;
}

gauge& registry::get_gauge(const std::string& name, const std::string& help, const labels& l) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto& s = find_or_add(name, help, kind::gauge, l);
  if (!s.g)
    s.g = std::make_unique<gauge>();
  return *s.g;
}

histogram& registry::get_histogram(const std::string& name, const std::string& help,
                                   const std::vector<double>& bounds, const labels& l) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto& s = find_or_add(name, help, kind::histogram, l);
  if (!s.h)
    s.h = std::make_unique<histogram>(bounds);
  return *s.h;
}

void registry::gauge_fn(const std::string& name, const std::string& help,
                        std::function<double()> read, const labels& l) {
  std::lock_guard<std::mutex> guard{mutex_};
  find_or_add(name, help, kind::gauge, l).read = std::move(read);
}

void registry::render_family(std::string& out, const std::string& name, const family& f) {
  out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " "
         + type_name(static_cast<int>(f.type)) + "\n";
  for (const auto& [label_set, s] : f.by_labels) {
    if (s.c)
      out += name + label_set + " " + std::to_string(s.c->value()) + "\n";
    else if (s.g || s.read)
      out += name + label_set + " " + format_number(s.read ? s.read() : s.g->value()) + "\n";
    else if (s.h) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i < s.h->bounds().size(); ++i) {
        cumulative += s.h->bucket(i);
        out += name + "_bucket" + with_label(label_set, "le=\"" + format_number(s.h->bounds()[i]) + "\"")
               + " " + std::to_string(cumulative) + "\n";
      }
      out += name + "_bucket" + with_label(label_set, "le=\"+Inf\"") + " "
             + std::to_string(s.h->count()) + "\n";
      out += name + "_sum" + label_set + " " + format_number(s.h->sum()) + "\n";
      out += name + "_count" + label_set + " " + std::to_string(s.h->count()) + "\n";
    }
  }
}

std::string registry::render() const {
  std::lock_guard<std::mutex> guard{mutex_};
  std::string out;
  for (const auto& [name, fam] : families_)
    render_family(out, name, fam);
  return out;
}

registry& registry::global() {
  static registry instance;
  return instance;
}

} // namespace colors::metrics
