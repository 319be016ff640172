// SPDX-License-Identifier: Apache-2.0
// Footage for the export tests, encoded offline by gst-launch-1.0 into Matroska segments like
// the recorder's and indexed at chosen times: fast, and any date (a GMT/BST change).
// Header-only, shared by several test binaries.
#pragma once

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cctv/storage/recording_index.hpp"
#include "support/process.hpp"

namespace cctv::test {

inline constexpr int kFootageFps = 10;

// gst-launch-1.0 encoding a moving ball (10 fps, a keyframe each second) from a videotestsrc
// with `source_option` into the Matroska file `file`, as the recorder's muxer writes it.
inline std::vector<std::string> encoder_command(const std::string& source_option,
                                                const std::filesystem::path& file) {
  return {"/usr/bin/gst-launch-1.0",
          "-q",
          "videotestsrc",
          source_option,
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
          "location=" + file.string()};
}

// Records live into `file` and SIGKILLs the encoder once the file holds `bytes`: the file is
// left as a crash leaves the segment being written (open: no duration, no seek index; its
// last packet possibly cut in half).
inline void record_until_killed(const std::filesystem::path& file, std::uintmax_t bytes) {
  std::filesystem::create_directories(file.parent_path());
  Process encoder(encoder_command("is-live=true", file), file.string() + ".log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::error_code ec;
  while (std::filesystem::file_size(file, ec) < bytes || ec) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("the encoder wrote no " + std::to_string(bytes) + " bytes");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  encoder.signal(SIGKILL);
  encoder.wait(std::chrono::seconds(5));
}

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
    const auto result = run_command(
        encoder_command("num-buffers=" + std::to_string(segment_s * kFootageFps), file));
    if (result.exit_code != 0) throw std::runtime_error("gst-launch-1.0 failed: " + result.err);
    out.push_back(storage::describe_segment(camera, at, end, file.string()));
    index.add(out.back());
    at = end;
  }
  return out;
}

}  // namespace cctv::test
