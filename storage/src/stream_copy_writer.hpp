// SPDX-License-Identifier: Apache-2.0
// Private: a video file with one stream, written by stream copy (never re-encoded): MP4 clips
// (index before the media, +faststart, for browsers) and repaired Matroska segments. Packets
// go in with timestamps in microseconds from the file's start; each one lasts until the next,
// so the file's duration is exact.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "libav_util.hpp"

namespace cctv::storage {

enum class Container { mp4, matroska };

class StreamCopyWriter {
 public:
  // Creates `path` with a video stream like `video`. Throws ClipError. Destroyed without
  // finish(), the file is left incomplete for the caller to remove.
  StreamCopyWriter(const std::filesystem::path& path, const AVCodecParameters& video,
                   Container container = Container::mp4);
  StreamCopyWriter(const StreamCopyWriter&) = delete;
  StreamCopyWriter& operator=(const StreamCopyWriter&) = delete;

  // `dts_us` must increase from packet to packet. Throws ClipError.
  void write(av::PacketPtr packet, std::int64_t dts_us, std::int64_t pts_us);
  // Writes the last packet, lasting `last_duration_us`, and the index. Throws ClipError.
  void finish(std::int64_t last_duration_us);

 private:
  void write_held(std::int64_t duration_us);
  [[noreturn]] void fail(const std::string& what, int rc) const;

  struct OutputFree {
    void operator()(AVFormatContext* f) const;
  };

  std::filesystem::path path_;
  std::unique_ptr<AVFormatContext, OutputFree> format_;
  AVStream* stream_ = nullptr;
  av::PacketPtr held_;  // written when the next packet tells its duration
  std::int64_t held_dts_us_ = 0;
  std::int64_t held_pts_us_ = 0;
};

}  // namespace cctv::storage
