// SPDX-License-Identifier: Apache-2.0
// Every closed recording segment, so footage for a camera and time range is found without
// listing directories. Commits are fsync'd: the index survives a power loss.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cctv/common/time.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

struct Recording {
  std::string camera;
  Timestamp start{};
  Timestamp end{};
  std::string path;
  std::int64_t bytes = 0;
  std::string sha256;  // lowercase hex
  std::string node;    // the camera node that holds the file (empty: this machine)
  bool operator==(const Recording&) const = default;
};

class RecordingIndex {
 public:
  // Throws std::runtime_error naming the path. A console opens it for reading (playback).
  explicit RecordingIndex(const std::string& db_path, Access access = Access::write);
  ~RecordingIndex();
  RecordingIndex(const RecordingIndex&) = delete;
  RecordingIndex& operator=(const RecordingIndex&) = delete;

  // Registers a segment; registering the same path again replaces its row.
  void add(const Recording& r);

  // Segments of `camera` overlapping [from, to), oldest first.
  std::vector<Recording> find(const std::string& camera, Timestamp from, Timestamp to) const;
  // Segments of every camera, oldest first; only those that ended before `end_before` if given.
  std::vector<Recording> oldest(int limit,
                                std::optional<Timestamp> end_before = std::nullopt) const;
  // The row for the file at `path`; nullopt when it is not indexed.
  std::optional<Recording> at(const std::string& path) const;
  void remove(const std::string& path);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Hashes and measures the file at `path` and builds its index row.
Recording describe_segment(const std::string& camera, Timestamp start, Timestamp end,
                           const std::string& path);

}  // namespace cctv::storage
