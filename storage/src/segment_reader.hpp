// SPDX-License-Identifier: Apache-2.0
// Private: the video packets of one recording segment, in file order, each stamped with its
// UTC time: the segment's indexed start (the UTC of its first frame) plus the packet's offset
// from that first frame.
#pragma once

#include <optional>
#include <string>

#include "cctv/storage/recording_index.hpp"
#include "libav_util.hpp"

namespace cctv::storage {

struct SourcePacket {
  av::PacketPtr packet;     // as stored in the segment
  std::int64_t dts_us = 0;  // UTC, microseconds since the epoch
  std::int64_t pts_us = 0;
  bool key() const { return (packet->flags & AV_PKT_FLAG_KEY) != 0; }
};

class SegmentReader {
 public:
  // Throws ClipError when the file is missing, unreadable or has no video stream.
  explicit SegmentReader(const Recording& segment);
  ~SegmentReader();
  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;

  const AVCodecParameters& video() const;
  // False for a file its writer never finished: no duration (a Matroska segment cut off
  // mid-write has neither its duration nor its seek index, written when a segment ends).
  bool closed() const;
  // Reading continues from the keyframe at or before `utc_us` (from the first frame when the
  // time is earlier, or when the file cannot seek there).
  void seek_before(std::int64_t utc_us);
  // The next video packet; nullopt at the end. A read error ends the segment early, and
  // problem() says so.
  std::optional<SourcePacket> next();
  const std::string& problem() const { return problem_; }

 private:
  void open();
  void close();
  std::optional<SourcePacket> read();

  Recording segment_;
  AVFormatContext* format_ = nullptr;
  int stream_ = -1;
  std::int64_t first_ts_ = 0;  // the first frame's pts, stream time base
  std::optional<SourcePacket> peeked_;
  std::int64_t frames_read_ = 0;
  std::string problem_;
};

}  // namespace cctv::storage
