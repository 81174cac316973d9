#pragma once
// Checks the store's invariants: the global sequence is gap-free from 1, every record decodes
// and says where it is, stream versions are contiguous from 1, the stream index (and so each
// stream's head) agrees with the log, and every event id is indexed. Used by `colctl verify`
// and the crash test.
#include "events/store.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace colors::events {

struct verify_report {
  uint64_t events = 0;
  uint64_t streams = 0;
  uint64_t last_seq = 0;
  std::vector<std::string> problems; // the first `max_problems`
  uint64_t problem_count = 0;
  bool ok() const { return problem_count == 0; }
};

struct verify_options {
  size_t max_problems = 100;
  // Called every so many events with the number checked so far (progress display).
  std::function<void(uint64_t)> progress;
};

verify_report verify_store(const store& db, const verify_options& opts = {});

// The report as one JSON object.
std::string to_json(const verify_report& report);

} // namespace colors::events
