#pragma once
// The colctl command table. Each command lives in its own file and exposes one `command`.
#include "tools/flags.hpp"

#include "events/store.hpp"

#include <memory>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace colors::tools {

// Process exit codes shared by every command.
enum exit_code : int {
  exit_ok = 0,
  exit_failed = 1, // the command ran and found problems or failed on the way
  exit_usage = 2,  // bad arguments, or the data directory cannot be opened
};

struct command {
  std::string_view name;
  std::string_view summary; // one line for the overview
  std::string_view usage;   // the synopsis after "colctl <name>"
  std::string_view details; // further paragraphs of the command's help
  std::span<const flag_spec> flags;
  int (*run)(const parsed_flags& flags);
};

const command& export_command();
const command& verify_command();
const command& create_admin_command();
const command& rebuild_catalog_command();

// The whole command line (argv without the program name); returns the exit code.
int run_colctl(const std::vector<std::string_view>& args);

// Opens the store at --data-dir read-only, so that it works beside a running server.
[[nodiscard]] caf::expected<std::unique_ptr<events::store>> open_store(const parsed_flags& flags);

// "colctl: error: <text>" on stderr.
void print_error(std::string_view text);

} // namespace colors::tools
