#pragma once
// The simulator's tasks on disk, so a restart (even after kill -9) loses none: one directory
// with `tasks/<id>.json` (the sim_task record), `inputs/<id>.human` and `.cloth` (the decoded
// images until the result is rendered) and `results/<id>.jpg`. Every file is written to a
// temporary name and renamed, so a reader sees the old or the new file, never half of one.
//
// Thread-safety: calls on different task ids may run concurrently; the owner serialises calls on
// the same id.
#include "tryon/sim_model.hpp"
#include "tryon/sim_validate.hpp"

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace colors::tryon {

class sim_store {
public:
  // Creates the directories when missing; storage error when it cannot.
  [[nodiscard]] static caf::expected<sim_store> open(std::filesystem::path dir);

  [[nodiscard]] caf::error save(const sim_task& task) const;
  [[nodiscard]] caf::error save_inputs(const std::string& task_id, const sim_inputs& in) const;
  [[nodiscard]] caf::expected<sim_inputs> load_inputs(const std::string& task_id) const;
  [[nodiscard]] caf::error save_result(const std::string& task_id, const std::string& jpeg) const;
  // nullopt when there is none.
  std::optional<std::string> load_result(const std::string& task_id) const;
  // Deletes the inputs only (after rendering) or everything of the task.
  void remove_inputs(const std::string& task_id) const;
  void remove(const std::string& task_id) const;

  // Every stored task; unreadable records are skipped (and named in the error list).
  std::vector<sim_task> load_all(std::vector<std::string>* unreadable = nullptr) const;

private:
  explicit sim_store(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
};

} // namespace colors::tryon
