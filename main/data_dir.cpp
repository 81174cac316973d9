#include "main/data_dir.hpp"

#include "common/errc.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <system_error>

namespace colors::app {

caf::error ensure_data_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return make_error(errc::storage, "cannot create the data directory " + dir + ": "
                                       + ec.message());
  return {};
}

// RocksDB holds a POSIX record lock (fcntl F_SETLK) on <dir>/LOCK while the store is open.
// F_GETLK reports a conflicting lock of another process without taking one.
caf::error check_not_in_use(const std::string& dir) {
  auto path = (std::filesystem::path{dir} / "LOCK").string();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return {}; // no store yet, or unreadable: the store's open reports real problems
  struct flock probe;
  std::memset(&probe, 0, sizeof probe);
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  int rc = ::fcntl(fd, F_GETLK, &probe);
  ::close(fd);
  if (rc != 0 || probe.l_type == F_UNLCK)
    return {};
  return make_error(errc::locked, "the data directory " + dir
                                    + " is in use by another process (pid "
                                    + std::to_string(probe.l_pid) + ")");
}

} // namespace colors::app
