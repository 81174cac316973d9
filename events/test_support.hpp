#pragma once
// Helpers for the event store's tests: a temporary data dir and event builders.
#include "events/client.hpp"
#include "events/store.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace colors::events::testing {

// A fresh directory, removed again at the end of the test.
class temp_dir {
public:
  temp_dir() {
    const char* base = std::getenv("COLORS_TEST_TMP");
    auto root = std::filesystem::path{base ? base : "/tmp"};
    std::filesystem::create_directories(root);
    std::string tmpl = (root / "store-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~temp_dir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

inline std::unique_ptr<store> open_store(const std::string& path, store_options opts = {}) {
  opts.path = path;
  auto db = store::open(std::move(opts));
  REQUIRE_MESSAGE(db, (db ? "" : caf::to_string(db.error())));
  return std::move(*db);
}

inline std::string test_payload(const std::string& writer, uint64_t counter) {
  TestPayload p;
  p.set_writer(writer);
  p.set_counter(counter);
  return p.SerializeAsString();
}

inline new_event test_event(const std::string& writer = "w", uint64_t counter = 0) {
  return make_event("colors.events.TestPayload", test_payload(writer, counter));
}

inline append_request request(std::string stream, expected_version expected, size_t count) {
  append_request req{std::move(stream), expected, {}};
  for (size_t i = 0; i < count; ++i)
    req.events.push_back(test_event("w", i));
  return req;
}

// Commits one request alone and returns its result.
inline caf::expected<append_result> commit_one(store& db, append_request req) {
  std::vector<append_request> batch{std::move(req)};
  auto out = db.commit(batch);
  return std::move(out.results.front());
}

} // namespace colors::events::testing
