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
#include "storage/media_test_util.hpp"
#include "support/process.hpp"

namespace cctv::test {

inline constexpr int kFootageFps = 10;

// Encodes `segments` segments of about `segment_s` seconds (10 fps, a keyframe each second)
// into `dir`, then indexes them for `camera` back to back from `start`.
inline std::vector<storage::Recording> synthesise_recording(storage::RecordingIndex& index,
                                                            const std::filesystem::path& dir,
                                                            const std::string& camera,
                                                            Timestamp start, int segments,
                                                            int segment_s = 2) {
  const std::filesystem::path raw = dir / (camera + "-raw");
  std::filesystem::create_directories(raw);
  const auto result = run_command(
      {"gst-launch-1.0", "-q", "videotestsrc",
       "num-buffers=" + std::to_string(segments * segment_s * kFootageFps), "pattern=ball", "!",
       "video/x-raw,width=320,height=180,framerate=10/1", "!", "x264enc", "key-int-max=10",
       "speed-preset=ultrafast", "tune=zerolatency", "!", "h264parse", "!", "splitmuxsink",
       "muxer=matroskamux", "max-size-time=" + std::to_string(std::int64_t{segment_s} * 1000000000),
       "location=" + (raw / "seg%03d.mkv").string()});
  if (result.exit_code != 0) throw std::runtime_error("gst-launch-1.0 failed: " + result.err);
  std::vector<storage::Recording> out;
  Timestamp at = start;
  for (int i = 0;; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "seg%03d.mkv", i);
    if (!std::filesystem::exists(raw / name)) break;
    const Media media = read_media(raw / name);
    const Timestamp end =
        at + Millis(static_cast<std::int64_t>(media.packets.size()) * 1000 / kFootageFps);
    const std::filesystem::path file = dir / camera / (format_utc(at) + ".mkv");
    std::filesystem::create_directories(file.parent_path());
    std::filesystem::rename(raw / name, file);
    out.push_back(storage::describe_segment(camera, at, end, file.string()));
    index.add(out.back());
    at = end;
  }
  std::filesystem::remove_all(raw);
  return out;
}

}  // namespace cctv::test
