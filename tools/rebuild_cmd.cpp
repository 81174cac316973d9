// colctl rebuild catalog: replays the log into the catalog read model (projections/catalog_feed).
#include "tools/command.hpp"

#include "common/errc.hpp"
#include "projections/catalog_feed.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace colors::tools {

namespace {

const flag_spec rebuild_flags[] = {
  {"data-dir", "DIR", "the event store's data directory (the server must be stopped)", true},
};

// A bar on a terminal; nothing for logs and pipes.
projections::rebuild_progress progress_bar() {
  if (!::isatty(STDERR_FILENO))
    return {};
  return [](uint64_t done, uint64_t total) {
    int width = 40;
    int filled = total ? static_cast<int>(width * done / total) : width;
    std::fprintf(stderr, "\r[%-*s] %llu/%llu events", width, std::string(filled, '#').c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
  };
}

int run_rebuild(const parsed_flags& f) {
  events::store_options opts;
  opts.path = *f.get("data-dir");
  auto db = events::store::open(std::move(opts));
  if (!db) {
    print_error(message_of(db.error()));
    return exit_usage;
  }
  auto started = std::chrono::steady_clock::now();
  auto progress = progress_bar();
  auto replayed = projections::rebuild_catalog(**db, progress);
  if (progress)
    std::fputs("\r\033[K", stderr);
  if (auto err = replayed ? (*db)->flush() : replayed.error()) {
    print_error(message_of(err));
    return exit_failed;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("catalog rebuilt from %llu events in %.2f s (%.0f events/s)\n",
              static_cast<unsigned long long>(*replayed), seconds,
              seconds > 0 ? *replayed / seconds : 0.0);
  return exit_ok;
}

} // namespace

const command& rebuild_catalog_command() {
  static const command cmd{
    "rebuild catalog",
    "rebuild the catalog read model from the log",
    "--data-dir DIR",
    "Replays every event of the log into a new catalog read model (brands, categories,\n"
    "collections, products and the search index's input) and replaces the stored one with it in\n"
    "one synced batch, with its checkpoint. Run it with the server stopped (the data directory is\n"
    "locked otherwise). A progress bar shows on a terminal. Exit code 0: rebuilt, 1: failed,\n"
    "2: usage error or no store.\n",
    rebuild_flags,
    run_rebuild,
  };
  return cmd;
}

} // namespace colors::tools
