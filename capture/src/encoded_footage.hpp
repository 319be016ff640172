// SPDX-License-Identifier: Apache-2.0
// Private: an H.264 file held in memory as access units, and a player that pushes them into
// an appsrc as they are (no decoding, no encoding), looping with timestamps that keep going.
// The RTSP test server serves load-test cameras this way: one player per client, all sharing
// one copy of the footage.
#pragma once

#include <gst/gst.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cctv::capture {

struct EncodedFootage {
  struct Unit {
    std::size_t offset = 0;
    std::size_t size = 0;
    bool keyframe = false;
  };
  std::vector<std::uint8_t> bytes;  // Annex-B, one access unit after another
  std::vector<Unit> units;
  std::string caps;  // video/x-h264,stream-format=byte-stream,alignment=au,...
  GstClockTime frame_duration = 0;
};

// Reads every access unit of an H.264 stream in `file` (Annex-B, MP4 or Matroska). Throws
// std::invalid_argument if it holds no H.264 or no frame rate can be found.
std::shared_ptr<const EncodedFootage> load_encoded_footage(const std::filesystem::path& file);

// Feeds `appsrc` (format=time, not live: the RTSP server's sinks pace it) from the first
// frame on each need-data, frame n stamped n * frame_duration whatever the loop; without
// `loop`, ends the stream after the last frame. The player lives as long as the appsrc.
void play_encoded_footage(GstElement* appsrc, std::shared_ptr<const EncodedFootage> footage,
                          bool loop);

}  // namespace cctv::capture
