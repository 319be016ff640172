// SPDX-License-Identifier: Apache-2.0
// Where recording segments live: <dir>/<camera>/<YYYY-MM-DD>/<HH>/<YYYYMMDDTHHMMSS.fffZ>.mkv,
// all in UTC, so a camera and time range maps to a handful of directories.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "cctv/common/time.hpp"

namespace cctv::capture {

// The path a segment starting at `start` gets (no file system access).
std::filesystem::path segment_path(const std::filesystem::path& dir, const std::string& camera,
                                   Timestamp start);

// "20261123T102500.123Z"
std::string compact_utc(Timestamp t);

// The start a segment's file name encodes (segment_path's, or the "-<n>" name given when that
// path was taken); nullopt for any other name.
std::optional<Timestamp> segment_start(const std::filesystem::path& file);

}  // namespace cctv::capture
