// Dispatch of `colctl <command> [flags]` and the help texts.
#include "tools/command.hpp"
#include "tools/actors_cmd.hpp"

#include "common/errc.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace colors::tools {

namespace {

// Later commands (backup, restore, inspect) go here.
std::span<const command* const> commands() {
  static const command* const table[] = {&export_command(), &verify_command(), &actors_command(),
                                         &create_admin_command(), &rebuild_catalog_command()};
  return table;
}

const command* find_command(std::string_view name) {
  for (const auto* cmd : commands())
    if (cmd->name == name)
      return cmd;
  return nullptr;
}

std::string overview() {
  std::string out = "colctl - inspect and maintain a colors event store\n\n"
                    "usage: colctl <command> [flags]\n"
                    "       colctl <command> --help\n\n"
                    "commands:\n";
  for (const auto* cmd : commands()) {
    auto left = "  " + std::string{cmd->name};
    left.resize(std::max<size_t>(left.size() + 2, 20), ' ');
    out += left + std::string{cmd->summary} + "\n";
  }
  return out;
}

std::string command_help(const command& cmd) {
  return "usage: colctl " + std::string{cmd.name} + " " + std::string{cmd.usage} + "\n\n"
         + std::string{cmd.summary} + "\n\n" + std::string{cmd.details}
         + (cmd.details.empty() ? "" : "\n") + "flags:\n" + describe_flags(cmd.flags)
         + "  -h, --help            this text\n";
}

int run_command(const command& cmd, const std::vector<std::string_view>& args) {
  auto flags = parse_flags(args, cmd.flags);
  if (!flags) {
    print_error(message_of(flags.error()) + " (see colctl " + std::string{cmd.name} + " --help)");
    return exit_usage;
  }
  if (flags->help) {
    std::fputs(command_help(cmd).c_str(), stdout);
    return exit_ok;
  }
  return cmd.run(*flags);
}

} // namespace

caf::expected<std::unique_ptr<events::store>> open_store(const parsed_flags& flags) {
  events::store_options opts;
  opts.path = flags.get("data-dir").value_or("");
  opts.read_only = true;
  return events::store::open(std::move(opts));
}

void print_error(std::string_view text) {
  std::fprintf(stderr, "colctl: error: %.*s\n", static_cast<int>(text.size()), text.data());
}

int run_colctl(const std::vector<std::string_view>& args) {
  if (args.empty()) {
    std::fputs(overview().c_str(), stderr);
    return exit_usage;
  }
  auto name = args.front();
  if (name == "--help" || name == "-h" || name == "help") {
    const command* cmd = args.size() > 1 ? find_command(args[1]) : nullptr;
    std::fputs(cmd ? command_help(*cmd).c_str() : overview().c_str(), stdout);
    return exit_ok;
  }
  // A two-word command ("rebuild catalog") before a one-word one.
  if (args.size() > 1)
    if (const auto* cmd = find_command(std::string{name} + " " + std::string{args[1]}))
      return run_command(*cmd, {args.begin() + 2, args.end()});
  const auto* cmd = find_command(name);
  if (!cmd) {
    print_error("unknown command '" + std::string{name} + "' (see colctl --help)");
    return exit_usage;
  }
  return run_command(*cmd, {args.begin() + 1, args.end()});
}

} // namespace colors::tools
