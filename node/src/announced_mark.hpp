// SPDX-License-Identifier: Apache-2.0
// Private: per camera, the newest recording segment whose announcement is in the outbox, kept
// in <recordings>/<camera>/.announced. A segment named after it was cut off by a crash before
// it could be announced; recovery at the next start looks at those alone, so a start never
// rereads the camera's older footage.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace cctv::node {

// "2026-12-06/18/20261206T182500.123Z": orders a camera's segments by start (a second segment
// at the same time, "...Z-1", comes after the first). `segment` lies under `camera_dir`.
std::string segment_order(const std::filesystem::path& camera_dir,
                          const std::filesystem::path& segment);

// nullopt: none kept yet (a camera that never recorded, or recorded before marks were kept).
std::optional<std::string> announced_mark(const std::filesystem::path& camera_dir);

// Keeps `segment` as the camera's newest announced one. Throws std::runtime_error.
void mark_announced(const std::filesystem::path& camera_dir, const std::filesystem::path& segment);

}  // namespace cctv::node
