// SPDX-License-Identifier: Apache-2.0
#include "announced_mark.hpp"

#include <fstream>

#include "cctv/storage/durable_file.hpp"

namespace cctv::node {
namespace {

std::filesystem::path mark_file(const std::filesystem::path& camera_dir) {
  return camera_dir / ".announced";
}

}  // namespace

std::string segment_order(const std::filesystem::path& camera_dir,
                          const std::filesystem::path& segment) {
  const std::filesystem::path relative = segment.lexically_relative(camera_dir);
  return (relative.parent_path() / relative.stem()).generic_string();
}

std::optional<std::string> announced_mark(const std::filesystem::path& camera_dir) {
  std::ifstream in(mark_file(camera_dir));
  std::string mark;
  if (!std::getline(in, mark) || mark.empty()) return std::nullopt;
  return mark;
}

void mark_announced(const std::filesystem::path& camera_dir, const std::filesystem::path& segment) {
  storage::write_file_durably(mark_file(camera_dir), segment_order(camera_dir, segment) + "\n");
}

}  // namespace cctv::node
