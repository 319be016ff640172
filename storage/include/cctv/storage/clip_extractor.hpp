// SPDX-License-Identifier: Apache-2.0
// Cuts a camera's footage over a time window out of its recording segments into one MP4, by
// stream copy (libavformat): the H.264 packets are the camera's own, bit for bit. The clip
// starts at the keyframe at or before the window's start (a clip must start with a picture a
// player can decode) and ends with the last frame before the window's end. Timestamps run on
// without a jump across segment boundaries; a real hole in the footage (an outage) stays a
// hole. The moov atom goes first (+faststart), so browsers play the clip as it downloads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "cctv/common/time.hpp"
#include "cctv/storage/recording_index.hpp"

namespace cctv::storage {

// No footage in the window, a segment that is missing, unreadable or not H.264 video, or a
// clip that cannot be written: what() says which and why. No clip file is left behind.
class ClipError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Clip {
  Timestamp start{};        // UTC of the first frame (a keyframe)
  Timestamp end{};          // UTC of the end of the last frame
  std::int64_t frames = 0;  // video packets, one per frame
  int segments = 0;         // recording segments it was cut from
  // Things a viewer should know that did not stop the cut: a hole in the footage, a segment
  // that ends early (cut short by a crash or a lost connection).
  std::vector<std::string> warnings;
};

// `segments`: one camera's recordings overlapping [from, to), as RecordingIndex::find gives
// them. Writes `out` crash-safely (complete or absent) and returns what it holds.
Clip extract_clip(const std::vector<Recording>& segments, Timestamp from, Timestamp to,
                  const std::filesystem::path& out);

}  // namespace cctv::storage
