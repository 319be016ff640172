// SPDX-License-Identifier: Apache-2.0
// Private: the MP4 cuts the Playback page plays. A window of a camera's footage is cut from the
// recordings by stream copy (storage::extract_clip: moov first, so a browser seeks in it with
// HTTP ranges) into a private temporary directory the first time it is asked for, and kept
// while the player fetches its ranges; the least recently used cuts are dropped. A cut's file
// is removed when the cache has dropped it and no answer still streams it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cctv/storage/clip_extractor.hpp"

namespace cctv::console {

struct PlaybackCut {
  std::filesystem::path path;
  storage::Clip clip;  // its real start: the keyframe at or before the window's start
  PlaybackCut(std::filesystem::path p, storage::Clip c) : path(std::move(p)), clip(std::move(c)) {}
  ~PlaybackCut();
  PlaybackCut(const PlaybackCut&) = delete;
  PlaybackCut& operator=(const PlaybackCut&) = delete;
};

class PlaybackCache {
 public:
  // Creates a directory of its own (mode 0700) under the system's temporary directory.
  explicit PlaybackCache(std::size_t max_cuts = 16);
  ~PlaybackCache();  // removes the directory (files still being sent go when their answers end)
  PlaybackCache(const PlaybackCache&) = delete;
  PlaybackCache& operator=(const PlaybackCache&) = delete;

  // The cut of `camera` over [from, to) from `segments` (RecordingIndex::find's), cut now
  // unless cached. Throws storage::ClipError.
  std::shared_ptr<const PlaybackCut> get(const std::string& camera, Timestamp from, Timestamp to,
                                         const std::vector<storage::Recording>& segments);

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const PlaybackCut> cut;
  };
  std::filesystem::path dir_;
  std::size_t max_cuts_;
  std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::uint64_t next_name_ = 0;
};

}  // namespace cctv::console
