// colctl verify: checks the store's invariants (events::verify_store).
#include "tools/command.hpp"

#include "events/verify.hpp"
#include "common/errc.hpp"

#include <unistd.h>

#include <cstdio>

namespace colors::tools {

namespace {

const flag_spec verify_flags[] = {
  {"data-dir", "DIR", "the event store's data directory", true},
  {"json", "", "print the report as one JSON object"},
};

void print_summary(const std::string& dir, const events::verify_report& report) {
  std::printf("%s: %s\n", dir.c_str(), report.ok() ? "ok" : "PROBLEMS FOUND");
  std::printf("  events:   %llu\n  streams:  %llu\n  last seq: %llu\n  problems: %llu\n",
              static_cast<unsigned long long>(report.events),
              static_cast<unsigned long long>(report.streams),
              static_cast<unsigned long long>(report.last_seq),
              static_cast<unsigned long long>(report.problem_count));
  for (const auto& problem : report.problems)
    std::printf("  - %s\n", problem.c_str());
  if (report.problem_count > report.problems.size())
    std::printf("  ... and %llu more\n",
                static_cast<unsigned long long>(report.problem_count - report.problems.size()));
}

// Progress only for a person watching; logs and pipes stay clean.
events::verify_options options() {
  events::verify_options opts;
  if (::isatty(STDERR_FILENO))
    opts.progress = [](uint64_t n) {
      std::fprintf(stderr, "\rchecked %llu events", static_cast<unsigned long long>(n));
    };
  return opts;
}

int run_verify(const parsed_flags& f) {
  auto db = open_store(f);
  if (!db) {
    print_error(message_of(db.error()));
    return exit_usage;
  }
  auto opts = options();
  auto report = events::verify_store(**db, opts);
  if (opts.progress)
    std::fputs("\r\033[K", stderr);
  if (f.has("json"))
    std::printf("%s\n", events::to_json(report).c_str());
  else
    print_summary(*f.get("data-dir"), report);
  return report.ok() ? exit_ok : exit_failed;
}

} // namespace

const command& verify_command() {
  static const command cmd{
    "verify",
    "check the event store's invariants",
    "--data-dir DIR [--json]",
    "Checks that the global sequence is gap-free from 1, that every record decodes, that stream\n"
    "versions are contiguous, and that the stream index (whose newest entry is the stream's head)\n"
    "and the event-id index agree with the log. Exit code 0: ok, 1: problems found, 2: usage\n"
    "error or no store.\n",
    verify_flags,
    run_verify,
  };
  return cmd;
}

} // namespace colors::tools
