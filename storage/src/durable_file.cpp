// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace cctv::storage {
namespace {

std::runtime_error os_error(const std::string& what, const std::filesystem::path& path) {
  return std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

void sync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw os_error("cannot open", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw os_error("cannot fsync", path);
}

void write_all(const std::filesystem::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw os_error("cannot create", path);
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const auto error = os_error("cannot write", path);
      ::close(fd);
      throw error;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  ::close(fd);
}

}  // namespace

std::filesystem::path partial_path(const std::filesystem::path& path) {
  std::filesystem::path partial = path;
  partial += ".part";
  return partial;
}

void commit_file(const std::filesystem::path& path) {
  const std::filesystem::path partial = partial_path(path);
  try {
    sync_path(partial, O_RDONLY);
    if (::rename(partial.c_str(), path.c_str()) != 0)
      throw os_error("cannot rename into place", path);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
  sync_path(path.has_parent_path() ? path.parent_path() : ".", O_RDONLY | O_DIRECTORY);
}

void write_file_durably(const std::filesystem::path& path, std::string_view bytes) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  try {
    write_all(partial_path(path), bytes);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial_path(path), ignored);
    throw;
  }
  commit_file(path);
}

}  // namespace cctv::storage
