// SPDX-License-Identifier: Apache-2.0
#include "support/shared_fixture.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace cctv::test {
namespace {

// Holds an exclusive flock on a file for its lifetime.
class FileLock {
 public:
  explicit FileLock(const std::filesystem::path& path)
      : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0)
      throw std::system_error(errno, std::generic_category(), "locking " + path.string());
  }
  ~FileLock() { ::close(fd_); }  // closing releases the lock
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

std::string binary_version() {
  const auto built = std::filesystem::last_write_time("/proc/self/exe");
  return std::to_string(built.time_since_epoch().count());
}

// The fixture's owner is the process that runs the tests (CTest, or a shell): "<pid>-...".
bool owner_alive(const std::string& key) {
  const long pid = std::strtol(key.c_str(), nullptr, 10);
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

}  // namespace

std::filesystem::path shared_fixture(
    const std::string& name, const std::function<void(const std::filesystem::path&)>& make) {
  const std::filesystem::path root = CCTV_TEST_CACHE_DIR;
  std::filesystem::create_directories(root);
  const FileLock lock(root / (name + ".lock"));
  const std::string prefix = name + "-";
  const std::filesystem::path dir =
      root / (prefix + std::to_string(::getppid()) + "-" + binary_version());
  const std::filesystem::path complete = dir / ".complete";
  if (std::filesystem::exists(complete)) return dir;
  for (const auto& old : std::filesystem::directory_iterator(root)) {
    const std::string n = old.path().filename().string();
    if (old.is_directory() && n.rfind(prefix, 0) == 0 && !owner_alive(n.substr(prefix.size())))
      std::filesystem::remove_all(old);
  }
  std::filesystem::create_directories(dir);
  try {
    make(dir);
  } catch (...) {
    std::filesystem::remove_all(dir);
    throw;
  }
  std::ofstream(complete) << "made\n";
  return dir;
}

}  // namespace cctv::test
