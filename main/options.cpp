#include "main/options.hpp"

#include "http/address.hpp"

#include "common/errc.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <string_view>
#include <utility>

namespace colors::app {

namespace {

caf::error bad(std::string message) {
  return make_error(errc::invalid_argument, std::move(message));
}

// Walks the arguments; a flag's value comes after '=' or as the next argument.
class arg_reader {
public:
  explicit arg_reader(const std::vector<std::string>& args) : args_(args) {
  }
  bool done() const { return pos_ >= args_.size(); }

  std::string_view next_flag() {
    std::string_view arg = args_[pos_++];
    auto eq = arg.find('=');
    inline_value_.reset();
    if (arg.rfind("--", 0) == 0 && eq != std::string_view::npos) {
      inline_value_ = std::string{arg.substr(eq + 1)};
      return arg.substr(0, eq);
    }
    return arg;
  }

  caf::expected<std::string> value(std::string_view flag) {
    if (inline_value_)
      return *std::exchange(inline_value_, std::nullopt);
    if (done())
      return bad("flag " + std::string{flag} + " needs a value");
    return args_[pos_++];
  }

  bool has_inline_value() const { return inline_value_.has_value(); }

private:
  const std::vector<std::string>& args_;
  size_t pos_ = 0;
  std::optional<std::string> inline_value_;
};

caf::expected<size_t> parse_threads(const std::string& text) {
  size_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n < 1 || n > 64)
    return bad("--io-threads must be a number from 1 to 64, not \"" + text + "\"");
  return n;
}

// A whole number from `min` to `max` for `flag`.
caf::expected<uint64_t> parse_count(std::string_view flag, const std::string& text, uint64_t min,
                                    uint64_t max) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n < min || n > max)
    return bad(std::string{flag} + " must be a number from " + std::to_string(min) + " to "
               + std::to_string(max) + ", not \"" + text + "\"");
  return n;
}

caf::error set_count(std::string_view flag, arg_reader& in, uint64_t min, uint64_t max,
                     uint64_t& field) {
  auto v = in.value(flag);
  auto n = v ? parse_count(flag, *v, min, max) : caf::expected<uint64_t>{v.error()};
  if (!n)
    return n.error();
  field = *n;
  return {};
}

// One "class=R/B" or "class=off".
caf::error parse_rate_item(std::string_view item, http::rate_limiter_options& limits) {
  auto eq = item.find('=');
  auto name = item.substr(0, eq);
  auto spec = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
  auto slash = spec.find('/');
  auto why = "--rate-limit wants CLASS=PER_SECOND/BURST or CLASS=off, not \""
             + std::string{item} + "\"";
  if (name.empty() || spec.empty())
    return bad(why);
  if (spec == "off") {
    limits.classes.erase(std::string{name});
    return {};
  }
  auto number = [](std::string_view t, double& out) {
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return !t.empty() && ec == std::errc{} && end == t.data() + t.size();
  };
  http::rate_limit l;
  if (slash == std::string_view::npos || !number(spec.substr(0, slash), l.per_second)
      || !number(spec.substr(slash + 1), l.burst) || !(l.per_second > 0) || !(l.burst >= 1))
    return bad(why + " (the rate must be > 0 and the burst >= 1)");
  limits.classes[std::string{name}] = l;
  return {};
}

// "MIN-MAX" or "MS" milliseconds, 0 to an hour, MIN <= MAX.
caf::error parse_range_ms(std::string_view flag, std::string_view text, int64_t& min_ms,
                          int64_t& max_ms) {
  auto dash = text.find('-');
  auto number = [](std::string_view t, int64_t& out) {
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return !t.empty() && ec == std::errc{} && end == t.data() + t.size() && out >= 0
           && out <= 3'600'000;
  };
  int64_t low = 0, high = 0;
  bool ok = dash == std::string_view::npos
              ? number(text, low) && (high = low, true)
              : number(text.substr(0, dash), low) && number(text.substr(dash + 1), high);
  if (!ok || low > high)
    return bad(std::string{flag} + " wants MIN-MAX or MS in milliseconds (0 to 3600000), not \""
               + std::string{text} + "\"");
  min_ms = low;
  max_ms = high;
  return {};
}

// Splits on commas, skipping blanks around items and empty items.
std::vector<std::string_view> items(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    if (!item.empty())
      out.push_back(item);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

// An origin as browsers send it: scheme://host[:port], nothing after.
bool valid_origin(std::string_view o) {
  auto rest = o.starts_with("https://") ? o.substr(8)
              : o.starts_with("http://") ? o.substr(7)
                                         : std::string_view{};
  return !rest.empty() && rest.find_first_of("/?#@ *") == std::string_view::npos;
}

caf::error validate(const options& opts) {
  if (auto addr = http::parse_listen_address(opts.listen); !addr)
    return addr.error();
  if (opts.data_dir.empty())
    return bad("--data-dir must not be empty");
  if (opts.kling != "sim" && opts.kling != "real")
    return bad("--kling must be \"sim\" or \"real\", not \"" + opts.kling + "\"");
  return {};
}

// Applies one flag; returns an error for unknown flags and bad values.
caf::error apply(std::string_view flag, arg_reader& in, options& opts) {
  auto set = [&](std::string& field) -> caf::error {
    auto v = in.value(flag);
    if (!v)
      return v.error();
    field = std::move(*v);
    return {};
  };
  if (flag == "--listen")
    return set(opts.listen);
  if (flag == "--data-dir")
    return set(opts.data_dir);
  if (flag == "--kling")
    return set(opts.kling);
  if (flag == "--rate-limit") {
    auto v = in.value(flag);
    return v ? parse_rate_limits(*v, opts.rate_limits) : v.error();
  }
  if (flag == "--cors-origins") {
    auto v = in.value(flag);
    auto origins = v ? parse_origins(*v) : caf::expected<std::vector<std::string>>{v.error()};
    if (!origins)
      return origins.error();
    opts.cors_origins = std::move(*origins);
    return {};
  }
  if (flag == "--upload-max-bytes")
    return set_count(flag, in, 1, uint64_t{1} << 30, opts.upload_max_bytes);
  if (flag == "--upload-max-pixels")
    return set_count(flag, in, 1, 1'000'000'000, opts.upload_max_pixels);
  if (flag == "--io-threads") {
    auto v = in.value(flag);
    auto n = v ? parse_threads(*v) : caf::expected<size_t>{v.error()};
    if (!n)
      return n.error();
    opts.io_threads = *n;
    return {};
  }
  if (flag == "--kling-concurrency")
    return set_count(flag, in, 1, 100'000, opts.kling_concurrency);
  if (flag == "--tryon-quota")
    return set_count(flag, in, 0, 1'000'000, opts.tryon_daily_quota);
  if (flag == "--tryon-submit-window")
    return set_count(flag, in, 1, 100'000, opts.tryon_submit_window);
  if (flag == "--tryon-cache-ttl-s")
    return set_count(flag, in, 0, 365 * 24 * 3600, opts.tryon_cache_ttl_s);
  if (flag == "--sim-latency-ms") {
    auto v = in.value(flag);
    return v ? parse_range_ms(flag, *v, opts.sim_latency_min_ms, opts.sim_latency_max_ms) : v.error();
  }
  if (flag == "--kling-poll-ms") {
    auto v = in.value(flag);
    return v ? parse_range_ms(flag, *v, opts.kling_poll_min_ms, opts.kling_poll_max_ms) : v.error();
  }
  if (flag == "--public-url")
    return set(opts.public_url);
  if (flag == "--demo-products")
    return set_count(flag, in, 0, 5000, opts.demo_products);
  if (in.has_inline_value())
    return bad("flag " + std::string{flag} + " takes no value");
  if (flag == "--demo-data")
    opts.demo_data = true;
  else if (flag == "--no-access-log")
    opts.access_log = false;
  else if (flag == "--rate-limit-loopback")
    opts.rate_limit_loopback = true;
  else if (flag == "--help" || flag == "-h")
    opts.help = true;
  else
    return bad("unknown argument \"" + std::string{flag} + "\"");
  return {};
}

} // namespace

std::optional<std::string> process_env(const char* name) {
  if (const char* value = std::getenv(name))
    return std::string{value};
  return std::nullopt;
}

caf::error parse_rate_limits(std::string_view text, http::rate_limiter_options& limits) {
  for (auto item : items(text))
    if (auto err = parse_rate_item(item, limits))
      return err;
  return {};
}

caf::expected<std::vector<std::string>> parse_origins(std::string_view text) {
  std::vector<std::string> out;
  for (auto item : items(text)) {
    std::string origin{item};
    for (auto& c : origin)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!valid_origin(origin))
      return bad("--cors-origins wants origins like https://shop.example, not \""
                 + std::string{item} + "\"");
    out.push_back(std::move(origin));
  }
  return out;
}

namespace {

// The environment's settings, before the flags.
caf::error apply_env(const env_fn& env, options& opts) {
  if (auto v = env("COLORS_LISTEN"); v && !v->empty())
    opts.listen = *v;
  if (auto v = env("COLORS_DATA_DIR"); v && !v->empty())
    opts.data_dir = *v;
  if (auto v = env("COLORS_RATE_LIMITS"))
    if (auto err = parse_rate_limits(*v, opts.rate_limits))
      return err;
  if (auto v = env("KLING_BASE_URL"); v && !v->empty())
    opts.kling_base_url = *v;
  if (auto v = env("COLORS_PUBLIC_URL"); v && !v->empty())
    opts.public_url = *v;
  if (auto v = env("COLORS_CORS_ORIGINS")) {
    auto origins = parse_origins(*v);
    if (!origins)
      return origins.error();
    opts.cors_origins = std::move(*origins);
  }
  return {};
}

} // namespace

caf::expected<options> parse_options(const std::vector<std::string>& args, const env_fn& env) {
  options opts;
  if (auto err = apply_env(env, opts))
    return err;
  arg_reader in{args};
  while (!in.done()) {
    auto flag = in.next_flag();
    if (auto err = apply(flag, in, opts))
      return err;
  }
  if (opts.help)
    return opts;
  if (auto err = validate(opts))
    return err;
  return opts;
}

std::string usage() {
  return "usage: colors [flags]\n"
         "  --listen HOST:PORT   address to serve HTTP on (default 127.0.0.1:8080,\n"
         "                       env COLORS_LISTEN)\n"
         "  --data-dir DIR       event store directory, created if missing (default ./data,\n"
         "                       env COLORS_DATA_DIR)\n"
         "  --kling=sim|real     try-on backend: built-in simulator or Kling AI (default sim)\n"
         "                       (real: env KLING_ACCESS_KEY, KLING_SECRET_KEY and\n"
         "                       KLING_BASE_URL, default https://api-singapore.klingai.com)\n"
         "  --kling-concurrency N  Kling tasks running at once, the account's limit (default 5)\n"
         "  --sim-latency-ms A-B  the built-in simulator's task time, uniform in A..B ms\n"
         "                       (default 3000-8000)\n"
         "  --kling-poll-ms A-B  poll a Kling task first after A ms, backing off to B\n"
         "                       (default 2000-15000; callbacks usually come first)\n"
         "  --tryon-quota N      try-ons a user may start per UTC day (default 50)\n"
         "  --tryon-submit-window N  Kling creates built and awaiting their answer at once;\n"
         "                       more tasks wait as ids (default 256)\n"
         "  --tryon-cache-ttl-s S  a result answers the same try-on for S s (default 30 days;\n"
         "                       0: every try-on goes to Kling)\n"
         "  --public-url URL     where Kling sends callbacks (env COLORS_PUBLIC_URL; default\n"
         "                       http://<listen address>)\n"
         "  --demo-data          load demo data at start (accounts and a catalog), once\n"
         "  --demo-products N    products of the demo catalog, 0 to 5000 (default 240;\n"
         "                       0: only the demo accounts)\n"
         "  --io-threads N       HTTP I/O threads, 1 to 64 (default 2)\n"
         "  --no-access-log      no JSON log line per request (load tests)\n"
         "  --rate-limit SPEC    token buckets per class, e.g. request=50/100 (50 per second,\n"
         "                       bursts of 100), comma-separated or repeated; CLASS=off\n"
         "                       removes one. Classes: request (per IP, every endpoint but\n"
         "                       probes), login, mutation, tryon (env COLORS_RATE_LIMITS)\n"
         "  --rate-limit-loopback  apply the request class to loopback clients too\n"
         "  --cors-origins LIST  origins allowed cross-origin, comma-separated, e.g.\n"
         "                       https://shop.example (default none, env COLORS_CORS_ORIGINS)\n"
         "  --upload-max-bytes N  largest image upload in bytes (default 15728640, 15 MiB)\n"
         "  --upload-max-pixels N most pixels (width x height) of an uploaded image, checked\n"
         "                       before decoding (default 40000000)\n"
         "  --help               show this text\n";
}

} // namespace colors::app
