#pragma once
// Command-line flags of colctl: `--name value`, `--name=value` and boolean `--name`.
// Pure and stateless; every mistake comes back as an invalid_argument error a person can read.
#include <caf/expected.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace colors::tools {

struct flag_spec {
  std::string_view name;  // without the leading "--"
  std::string_view value; // placeholder shown in help ("DIR"); empty for a boolean flag
  std::string_view help;
  bool required = false;
};

class parsed_flags {
public:
  bool help = false; // --help or -h was given; nothing else is checked then

  bool has(std::string_view name) const { return values_.count(std::string{name}) > 0; }
  std::optional<std::string> get(std::string_view name) const;
  // The flag as an unsigned number, `fallback` when absent.
  [[nodiscard]] caf::expected<uint64_t> get_u64(std::string_view name, uint64_t fallback) const;

  void set(std::string name, std::string value) { values_[std::move(name)] = std::move(value); }

private:
  std::map<std::string, std::string, std::less<>> values_;
};

[[nodiscard]] caf::expected<parsed_flags> parse_flags(const std::vector<std::string_view>& args,
                                                      std::span<const flag_spec> specs);

// One line per flag, aligned, for help texts.
std::string describe_flags(std::span<const flag_spec> specs);

} // namespace colors::tools
