#include "main/data_dir.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

using namespace colors;
using namespace colors::app;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const char* name) {
  const char* base = std::getenv("COLORS_TEST_TMP");
  auto dir = fs::path{base ? base : fs::temp_directory_path().string()}
             / (std::string{name} + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

// A child process that holds <dir>/LOCK the way RocksDB does (fcntl write lock).
pid_t hold_lock(const fs::path& dir) {
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int fd = ::open((dir / "LOCK").c_str(), O_RDWR | O_CREAT, 0644);
    struct flock lk;
    std::memset(&lk, 0, sizeof lk);
    lk.l_type = F_WRLCK;
    lk.l_whence = SEEK_SET;
    char ok = (fd >= 0 && ::fcntl(fd, F_SETLK, &lk) == 0) ? 1 : 0;
    [[maybe_unused]] auto n = ::write(ready[1], &ok, 1);
    ::pause();
    ::_exit(0);
  }
  char ok = 0;
  REQUIRE(::read(ready[0], &ok, 1) == 1);
  ::close(ready[0]);
  ::close(ready[1]);
  REQUIRE(ok == 1);
  return pid;
}

} // namespace

TEST_CASE("the data dir is created with its parents") {
  auto dir = fresh_dir("app-data-dir") / "a" / "b";
  CHECK(!ensure_data_dir(dir.string()));
  CHECK(fs::is_directory(dir));
  CHECK(!ensure_data_dir(dir.string())); // idempotent
  fs::remove_all(dir.parent_path().parent_path());
}

TEST_CASE("a data dir locked by another process is reported with the dir and the pid") {
  auto dir = fresh_dir("app-data-lock");
  REQUIRE(!ensure_data_dir(dir.string()));
  CHECK(!check_not_in_use(dir.string())); // no LOCK file yet
  pid_t holder = hold_lock(dir);
  auto err = check_not_in_use(dir.string());
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  REQUIRE(err);
  CHECK(code_of(err) == errc::locked);
  CHECK(message_of(err).find(dir.string()) != std::string::npos);
  CHECK(message_of(err).find(std::to_string(holder)) != std::string::npos);
  CHECK(!check_not_in_use(dir.string())); // released when the holder died
  fs::remove_all(dir);
}
