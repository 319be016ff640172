// SPDX-License-Identifier: Apache-2.0
// Footage for the export tests, encoded offline by gst-launch-1.0 into Matroska segments like
// the recorder's and indexed at chosen times: fast, and any date (a GMT/BST change).
// Header-only, shared by several test binaries.
#pragma once

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "cctv/storage/recording_index.hpp"
#include "support/process.hpp"

namespace cctv::test {

inline constexpr int kFootageFps = 10;

// Encodes `segments` segments of `segment_s` seconds (10 fps, a keyframe each second) into
// `dir`/`camera`, indexed for `camera` back to back from `start`.
inline std::vector<storage::Recording> synthesise_recording(storage::RecordingIndex& index,
                                                            const std::filesystem::path& dir,
                                                            const std::string& camera,
                                                            Timestamp start, int segments,
                                                            int segment_s = 2) {
  std::vector<storage::Recording> out;
  Timestamp at = start;
  for (int i = 0; i < segments; ++i) {
    const Timestamp end = at + std::chrono::seconds(segment_s);
    const std::filesystem::path file = dir / camera / (format_utc(at) + ".mkv");
    std::filesystem::create_directories(file.parent_path());
    // One encoder run per segment: each starts with a keyframe, as a recorder's segment does.
    const auto result = run_command({"/usr/bin/gst-launch-1.0",
                                     "-q",
                                     "videotestsrc",
                                     "num-buffers=" + std::to_string(segment_s * kFootageFps),
                                     "pattern=ball",
                                     "!",
                                     "video/x-raw,width=320,height=180,framerate=10/1",
                                     "!",
                                     "x264enc",
                                     "key-int-max=10",
                                     "speed-preset=ultrafast",
                                     "tune=zerolatency",
                                     "threads=1",
                                     "!",
                                     "h264parse",
                                     "!",
                                     "matroskamux",
                                     "!",
                                     "filesink",
                                     "location=" + file.string()});
    if (result.exit_code != 0) throw std::runtime_error("gst-launch-1.0 failed: " + result.err);
    out.push_back(storage::describe_segment(camera, at, end, file.string()));
    index.add(out.back());
    at = end;
  }
  return out;
}

}  // namespace cctv::test
