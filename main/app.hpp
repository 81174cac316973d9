#pragma once
// The server's life: open the data dir and the event store, start the actors and HTTP, serve
// until SIGTERM/SIGINT, then shut down in order. Runs on the main thread.
#include "main/options.hpp"

namespace colors::app {

enum exit_code : int {
  exit_ok = 0,
  exit_failure = 1,
  exit_usage = 2,
  exit_data_dir_in_use = 3,
};

// Expects block_stop_signals() to have been called.
int run(const options& opts);

} // namespace colors::app
