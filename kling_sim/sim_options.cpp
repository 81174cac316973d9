#include "kling_sim/sim_options.hpp"

#include "common/errc.hpp"

#include <charconv>
#include <functional>
#include <map>

namespace colors::kling_sim {

namespace {

caf::error bad(const std::string& flag, const std::string& why) {
  return make_error(errc::invalid_argument, flag + ": " + why);
}

std::optional<double> number(const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

std::optional<int64_t> whole(const std::string& text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0)
    return std::nullopt;
  return value;
}

// "MIN-MAX" or "N" milliseconds.
caf::error set_latency(tryon::sim_latency& out, const std::string& text) {
  auto dash = text.find('-');
  auto lo = whole(text.substr(0, dash));
  auto hi = dash == std::string::npos ? lo : whole(text.substr(dash + 1));
  if (!lo || !hi || *lo > *hi)
    return bad("--latency-ms", "expected MIN-MAX or N milliseconds, got " + text);
  out = {*lo, *hi};
  return {};
}

caf::error set_rate(double& out, const std::string& flag, const std::string& text) {
  auto r = number(text);
  if (!r || *r < 0 || *r > 1)
    return bad(flag, "expected a rate between 0 and 1, got " + text);
  out = *r;
  return {};
}

caf::error set_whole(int64_t& out, const std::string& flag, const std::string& text, int64_t lo) {
  auto v = whole(text);
  if (!v || *v < lo)
    return bad(flag, "expected an integer of at least " + std::to_string(lo) + ", got " + text);
  out = *v;
  return {};
}

using setter = std::function<caf::error(sim_options&, const std::string&)>;

// The setter of one fault rate.
setter rate_of(double tryon::sim_faults::*rate, const char* flag) {
  return [rate, flag](sim_options& o, const std::string& v) {
    return set_rate(o.service.model.faults.*rate, flag, v);
  };
}

const std::map<std::string, setter, std::less<>>& setters() {
  static const std::map<std::string, setter, std::less<>> table{
      {"--listen",
       [](sim_options& o, const std::string& v) {
         o.listen = v;
         return caf::error{};
       }},
      {"--data-dir",
       [](sim_options& o, const std::string& v) {
         o.service.data_dir = v;
         return caf::error{};
       }},
      {"--access-key",
       [](sim_options& o, const std::string& v) {
         auto secret =
             o.service.accounts.empty() ? std::string{} : o.service.accounts.begin()->second;
         o.service.accounts = {{v, secret}};
         return caf::error{};
       }},
      {"--secret-key",
       [](sim_options& o, const std::string& v) {
         auto key = o.service.accounts.empty() ? std::string{} : o.service.accounts.begin()->first;
         o.service.accounts = {{key, v}};
         return caf::error{};
       }},
      {"--latency-ms",
       [](sim_options& o, const std::string& v) {
         return set_latency(o.service.model.latency, v);
       }},
      {"--concurrency",
       [](sim_options& o, const std::string& v) {
         int64_t n = 0;
         auto err = set_whole(n, "--concurrency", v, 1);
         o.service.model.concurrency = static_cast<size_t>(n);
         return err;
       }},
      {"--fail-rate", rate_of(&tryon::sim_faults::server_error, "--fail-rate")},
      {"--hang-rate", rate_of(&tryon::sim_faults::hang, "--hang-rate")},
      {"--malformed-rate", rate_of(&tryon::sim_faults::malformed, "--malformed-rate")},
      {"--drop-callbacks", rate_of(&tryon::sim_faults::drop_callback, "--drop-callbacks")},
      {"--result-ttl-s",
       [](sim_options& o, const std::string& v) {
         int64_t s = 0;
         auto err = set_whole(s, "--result-ttl-s", v, 1);
         o.service.model.result_ttl_ms = s * 1000;
         return err;
       }},
      {"--hang-ms",
       [](sim_options& o, const std::string& v) {
         int64_t ms = 0;
         auto err = set_whole(ms, "--hang-ms", v, 0);
         o.service.hang = std::chrono::milliseconds{ms};
         return err;
       }},
      {"--seed",
       [](sim_options& o, const std::string& v) {
         int64_t seed = 0;
         auto err = set_whole(seed, "--seed", v, 0);
         o.service.model.seed = static_cast<uint64_t>(seed);
         return err;
       }},
  };
  return table;
}

caf::error check_complete(const sim_options& o) {
  if (o.service.data_dir.empty())
    return bad("--data-dir", "required");
  if (o.service.accounts.empty() || o.service.accounts.begin()->first.empty())
    return bad("--access-key", "required");
  if (o.service.accounts.begin()->second.empty())
    return bad("--secret-key", "required");
  const auto& f = o.service.model.faults;
  if (f.server_error + f.hang + f.malformed > 1)
    return bad("--fail-rate", "--fail-rate, --hang-rate and --malformed-rate add up to over 1");
  return {};
}

} // namespace

caf::expected<sim_options> parse_sim_options(const std::vector<std::string>& args) {
  sim_options o;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i], value;
    if (flag == "--help" || flag == "-h") {
      o.help = true;
      return o;
    }
    if (auto eq = flag.find('='); eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return bad(flag, "needs a value");
    }
    auto it = setters().find(flag);
    if (it == setters().end())
      return bad(flag, "unknown flag");
    if (auto err = it->second(o, value))
      return err;
  }
  if (auto err = check_complete(o))
    return err;
  return o;
}

std::string sim_usage() {
  return R"(Usage: kling_sim --data-dir DIR --access-key AK --secret-key SK [options]

A fake of Kling's Kolors Virtual Try-On API on a loopback port (docs/kling-sim.md).

  --listen HOST:PORT      address to listen on (default 127.0.0.1:0: the kernel picks a port)
  --data-dir DIR          where tasks, inputs and results are kept (survives restarts)
  --access-key AK         the account's Access Key (the JWT's iss)
  --secret-key SK         the account's Secret Key (the JWT's HS256 key)
  --latency-ms MIN-MAX    task latency, uniform (or N: fixed); default 10000-60000
  --concurrency N         tasks per account until 1303 (default 5)
  --fail-rate R           share of requests answered 500/5000 (default 0)
  --hang-rate R           share of requests held, then answered 504/5002 (default 0)
  --hang-ms MS            how long a held request waits (default 30000)
  --malformed-rate R      share of requests answered 200 with a cut-off body (default 0)
  --drop-callbacks R      share of callbacks not sent (default 0)
  --result-ttl-s S        ended tasks and their results vanish after S s (default 30 days)
  --seed N                seed of the fault and latency draws (default 1)
)";
}

} // namespace colors::kling_sim
