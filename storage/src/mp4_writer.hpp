// SPDX-License-Identifier: Apache-2.0
// Private: an MP4 file with one video stream, written by stream copy. Packets go in with
// timestamps in microseconds from the clip's start; each one lasts until the next, so the
// file's duration is exact. The index goes before the media (+faststart) for browsers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "libav_util.hpp"

namespace cctv::storage {

class Mp4Writer {
 public:
  // Creates `path` with a video stream like `video`. Throws ClipError. Destroyed without
  // finish(), the file is left incomplete for the caller to remove.
  Mp4Writer(const std::filesystem::path& path, const AVCodecParameters& video);
  Mp4Writer(const Mp4Writer&) = delete;
  Mp4Writer& operator=(const Mp4Writer&) = delete;

  // `dts_us` must increase from packet to packet. Throws ClipError.
  void write(av::PacketPtr packet, std::int64_t dts_us, std::int64_t pts_us);
  // Writes the last packet, lasting `last_duration_us`, and the index. Throws ClipError.
  void finish(std::int64_t last_duration_us);

 private:
  void write_held(std::int64_t duration_us);

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
