#include "tryon/sim_store.hpp"

#include "common/errc.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

namespace colors::tryon {

namespace fs = std::filesystem;

namespace {

caf::error write_file(const fs::path& path, std::string_view bytes) {
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out{tmp, std::ios::binary | std::ios::trunc};
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush())
      return make_error(errc::storage, "cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec)
    return make_error(errc::storage, "cannot rename " + tmp.string() + ": " + ec.message());
  return {};
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

} // namespace

caf::expected<sim_store> sim_store::open(fs::path dir) {
  std::error_code ec;
  for (const char* sub : {"tasks", "inputs", "results"})
    if (fs::create_directories(dir / sub, ec); ec)
      return make_error(errc::storage,
                        "cannot create " + (dir / sub).string() + ": " + ec.message());
  return sim_store{std::move(dir)};
}

caf::error sim_store::save(const sim_task& task) const {
  return write_file(dir_ / "tasks" / (task.task.task_id + ".json"),
                    boost::json::serialize(to_json(task)));
}

caf::error sim_store::save_inputs(const std::string& task_id, const sim_inputs& in) const {
  if (auto err = write_file(dir_ / "inputs" / (task_id + ".human"), in.human))
    return err;
  return write_file(dir_ / "inputs" / (task_id + ".cloth"), in.cloth);
}

caf::expected<sim_inputs> sim_store::load_inputs(const std::string& task_id) const {
  auto human = read_file(dir_ / "inputs" / (task_id + ".human"));
  auto cloth = read_file(dir_ / "inputs" / (task_id + ".cloth"));
  if (!human || !cloth)
    return make_error(errc::not_found, "the input images of task " + task_id + " are gone");
  return sim_inputs{std::move(*human), std::move(*cloth)};
}

caf::error sim_store::save_result(const std::string& task_id, const std::string& jpeg) const {
  return write_file(dir_ / "results" / (task_id + ".jpg"), jpeg);
}

std::optional<std::string> sim_store::load_result(const std::string& task_id) const {
  return read_file(dir_ / "results" / (task_id + ".jpg"));
}

void sim_store::remove_inputs(const std::string& task_id) const {
  std::error_code ec;
  fs::remove(dir_ / "inputs" / (task_id + ".human"), ec);
  fs::remove(dir_ / "inputs" / (task_id + ".cloth"), ec);
}

void sim_store::remove(const std::string& task_id) const {
  std::error_code ec;
  remove_inputs(task_id);
  fs::remove(dir_ / "results" / (task_id + ".jpg"), ec);
  fs::remove(dir_ / "tasks" / (task_id + ".json"), ec);
}

std::vector<sim_task> sim_store::load_all(std::vector<std::string>* unreadable) const {
  std::vector<sim_task> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_ / "tasks", ec)) {
    if (entry.path().extension() != ".json")
      continue;
    auto text = read_file(entry.path());
    boost::json::error_code jec;
    auto v = text ? boost::json::parse(*text, jec) : boost::json::value{};
    auto task =
        jec ? caf::expected<sim_task>{make_error(errc::corrupt, "bad JSON")} : parse_sim_task(v);
    if (task)
      out.push_back(std::move(*task));
    else if (unreadable)
      unreadable->push_back(entry.path().string());
  }
  return out;
}

} // namespace colors::tryon
