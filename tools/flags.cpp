#include "tools/flags.hpp"

#include "common/errc.hpp"

#include <algorithm>
#include <charconv>

namespace colors::tools {

namespace {

const flag_spec* find_spec(std::span<const flag_spec> specs, std::string_view name) {
  auto it = std::find_if(specs.begin(), specs.end(),
                         [&](const flag_spec& s) { return s.name == name; });
  return it == specs.end() ? nullptr : &*it;
}

caf::error check_required(const parsed_flags& out, std::span<const flag_spec> specs) {
  for (const auto& spec : specs)
    if (spec.required && !out.has(spec.name))
      return make_error(errc::invalid_argument, "--" + std::string{spec.name} + " is required");
  return {};
}

} // namespace

std::optional<std::string> parsed_flags::get(std::string_view name) const {
  if (auto it = values_.find(name); it != values_.end())
    return it->second;
  return std::nullopt;
}

caf::expected<uint64_t> parsed_flags::get_u64(std::string_view name, uint64_t fallback) const {
  auto text = get(name);
  if (!text)
    return fallback;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size() || text->empty())
    return make_error(errc::invalid_argument,
                      "--" + std::string{name} + " needs a non-negative number, not '" + *text
                        + "'");
  return value;
}

caf::expected<parsed_flags> parse_flags(const std::vector<std::string_view>& args,
                                        std::span<const flag_spec> specs) {
  parsed_flags out;
  for (size_t i = 0; i < args.size(); ++i) {
    auto arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      return out;
    }
    if (arg.size() < 3 || arg.substr(0, 2) != "--")
      return make_error(errc::invalid_argument, "unexpected argument '" + std::string{arg} + "'");
    auto body = arg.substr(2);
    auto eq = body.find('=');
    auto name = body.substr(0, eq);
    const auto* spec = find_spec(specs, name);
    if (!spec)
      return make_error(errc::invalid_argument, "unknown flag --" + std::string{name});
    if (out.has(name))
      return make_error(errc::invalid_argument, "--" + std::string{name} + " is given twice");
    std::string value;
    if (spec->value.empty()) {
      if (eq != std::string_view::npos)
        return make_error(errc::invalid_argument, "--" + std::string{name} + " takes no value");
    } else if (eq != std::string_view::npos) {
      value = body.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return make_error(errc::invalid_argument,
                        "--" + std::string{name} + " needs a value (" + std::string{spec->value}
                          + ")");
    }
    out.set(std::string{name}, std::move(value));
  }
  if (auto err = check_required(out, specs))
    return err;
  return out;
}

std::string describe_flags(std::span<const flag_spec> specs) {
  std::string out;
  for (const auto& spec : specs) {
    auto left = "  --" + std::string{spec.name};
    if (!spec.value.empty())
      left += " " + std::string{spec.value};
    left.resize(std::max<size_t>(left.size() + 2, 24), ' ');
    out += left + std::string{spec.help} + (spec.required ? " (required)" : "") + "\n";
  }
  return out;
}

} // namespace colors::tools
