// SPDX-License-Identifier: Apache-2.0
#include "segment_reader.hpp"

#include <utility>

#include "cctv/storage/clip_extractor.hpp"

namespace cctv::storage {

SegmentReader::SegmentReader(const Recording& segment) : segment_(segment) { open(); }

SegmentReader::~SegmentReader() { close(); }

void SegmentReader::open() {
  if (int rc = avformat_open_input(&format_, segment_.path.c_str(), nullptr, nullptr); rc < 0) {
    throw ClipError("cannot open recording segment " + segment_.path + ": " + av::error_text(rc));
  }
  stream_ = av_find_best_stream(format_, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (stream_ < 0) {
    close();
    throw ClipError("recording segment " + segment_.path + " has no video stream; is it corrupt?");
  }
  // The first frame is what the index's start time refers to.
  peeked_ = read();
  if (!peeked_) {
    const std::string why = problem_.empty() ? "it holds no video frames" : problem_;
    close();
    throw ClipError("cannot read recording segment " + segment_.path + ": " + why);
  }
}

void SegmentReader::close() {
  avformat_close_input(&format_);
  peeked_.reset();
}

const AVCodecParameters& SegmentReader::video() const {
  return *format_->streams[stream_]->codecpar;
}

bool SegmentReader::closed() const { return format_->duration != AV_NOPTS_VALUE; }

void SegmentReader::seek_before(std::int64_t utc_us) {
  const AVRational tb = format_->streams[stream_]->time_base;
  const std::int64_t offset = utc_us - av::to_micros(segment_.start);
  if (offset <= 0) return;
  peeked_.reset();
  if (av_seek_frame(format_, stream_, first_ts_ + av_rescale_q(offset, av::kMicros, tb),
                    AVSEEK_FLAG_BACKWARD) >= 0) {
    peeked_ = read();
    if (peeked_ && peeked_->key() && peeked_->dts_us <= utc_us) return;
  }
  // The seek failed or overshot (a segment cut short has no seek index): read from the start.
  close();
  problem_.clear();
  frames_read_ = 0;
  open();
}

std::optional<SourcePacket> SegmentReader::next() {
  if (peeked_) return std::exchange(peeked_, std::nullopt);
  return read();
}

std::optional<SourcePacket> SegmentReader::read() {
  const AVStream* stream = format_->streams[stream_];
  for (;;) {
    av::PacketPtr packet = av::new_packet();
    if (const int rc = av_read_frame(format_, packet.get()); rc < 0) {
      if (rc != AVERROR_EOF) {
        problem_ =
            "read error after " + std::to_string(frames_read_) + " frames: " + av::error_text(rc);
      }
      return std::nullopt;
    }
    if (packet->stream_index != stream_) continue;
    const std::int64_t pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
    const std::int64_t dts = packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts;
    if (pts == AV_NOPTS_VALUE) {
      problem_ = "frame " + std::to_string(frames_read_ + 1) + " has no timestamp";
      return std::nullopt;
    }
    if (frames_read_++ == 0) first_ts_ = pts;
    const std::int64_t start_us = av::to_micros(segment_.start);
    return SourcePacket{std::move(packet),
                        start_us + av_rescale_q(dts - first_ts_, stream->time_base, av::kMicros),
                        start_us + av_rescale_q(pts - first_ts_, stream->time_base, av::kMicros)};
  }
}

}  // namespace cctv::storage
