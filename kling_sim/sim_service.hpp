#pragma once
// The running simulator: the task model behind one mutex, its files, and a worker thread that
// advances time every few milliseconds, renders due results (libvips), persists every change,
// POSTs callbacks and answers requests held by the "hang" fault. The HTTP routes
// (kling_sim/sim_routes.hpp) call it from the I/O threads.
//
// Thread-safety: every public member is safe from any thread.
#include "http/router.hpp"
#include "tryon/kling_jwt.hpp"
#include "tryon/sim_model.hpp"
#include "tryon/sim_store.hpp"

#include <caf/expected.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace colors::kling_sim {

struct service_options {
  std::filesystem::path data_dir;
  tryon::kling_accounts accounts;
  tryon::sim_config model;
  std::chrono::milliseconds hang{30'000}; // how long the "hang" fault holds a request
  std::chrono::milliseconds tick{10};     // the worker's period
};

// A Kling-coded answer: the envelope's code and message, the task data when code is 0.
struct answer {
  int code = 0;
  std::string message = "SUCCEED";
  boost::json::value data;
};

class sim_service {
public:
  // Loads the tasks of data_dir and starts the worker.
  [[nodiscard]] static caf::expected<std::unique_ptr<sim_service>> start(service_options opts);
  ~sim_service(); // stops the worker (answering held requests)
  sim_service(const sim_service&) = delete;
  sim_service& operator=(const sim_service&) = delete;

  // "http://host:port": the base of result URLs (known once the server listens).
  void set_public_base(std::string base);

  tryon::kling_auth authenticate(std::string_view authorization) const;
  tryon::sim_fault next_fault();
  // Answers `reply` with 504/5002 after the hang time (or at shutdown).
  void hold(http::reply_fn reply);
  // Answers every held request now (before the server stops).
  void release_held() { answer_held(true); }

  answer create(const std::string& account, std::string_view body);
  answer find(const std::string& account, std::string_view id_or_external);
  answer find_external(const std::string& account, std::string_view external_id);
  answer list(const std::string& account, size_t page_num, size_t page_size);
  // The result JPEG of a live task; nullopt when unknown or expired.
  std::optional<std::string> result(std::string_view task_id);

private:
  explicit sim_service(service_options opts, tryon::sim_store store);
  void run();
  void tick();
  void render(const std::string& task_id);
  void persist_and_notify(const tryon::sim_task& task);
  void answer_held(bool all);
  int64_t now() const;
  // Both under the lock.
  std::string result_url(std::string_view task_id) const;
  boost::json::value json_of(tryon::kling_task task) const;

  service_options opts_;
  tryon::sim_store store_;
  mutable std::mutex mutex_;
  tryon::sim_model model_;
  std::string base_;
  std::vector<std::pair<std::chrono::steady_clock::time_point, http::reply_fn>> held_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread worker_;
};

} // namespace colors::kling_sim
