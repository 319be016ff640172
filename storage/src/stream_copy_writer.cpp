// SPDX-License-Identifier: Apache-2.0
#include "stream_copy_writer.hpp"

#include <mutex>

#include "cctv/storage/clip_extractor.hpp"

namespace cctv::storage {
namespace {

// A fine time base for the track (the muxer may pick its own; packets are rescaled to it).
constexpr AVRational kTrackTimeBase{1, 90000};

const char* muxer_name(Container container) {
  return container == Container::mp4 ? "mp4" : "matroska";
}

}  // namespace

StreamCopyWriter::StreamCopyWriter(const std::filesystem::path& path,
                                   const AVCodecParameters& video, Container container)
    : path_(path) {
  // libav's info lines ("Starting second pass: moving the moov atom...") would go to stderr
  // for every clip; warnings and errors still do.
  static std::once_flag quiet;
  std::call_once(quiet, [] {
    if (av_log_get_level() > AV_LOG_WARNING) av_log_set_level(AV_LOG_WARNING);
  });
  AVFormatContext* format = nullptr;
  if (int rc =
          avformat_alloc_output_context2(&format, nullptr, muxer_name(container), path.c_str());
      rc < 0)
    fail(std::string(muxer_name(container)) + " muxer", rc);
  format_.reset(format);
  stream_ = avformat_new_stream(format, nullptr);
  if (!stream_) fail("new stream", AVERROR(ENOMEM));
  if (int rc = avcodec_parameters_copy(stream_->codecpar, &video); rc < 0)
    fail("stream parameters", rc);
  // The source container's tag may mean nothing to this one: let the muxer choose (avc1).
  stream_->codecpar->codec_tag = 0;
  stream_->time_base = kTrackTimeBase;
  if (int rc = avio_open(&format_->pb, path.c_str(), AVIO_FLAG_WRITE); rc < 0) fail("open", rc);
  AVDictionary* options = nullptr;
  if (container == Container::mp4) av_dict_set(&options, "movflags", "+faststart", 0);
  const int rc = avformat_write_header(format, &options);
  av_dict_free(&options);
  if (rc < 0) fail("header", rc);
}

void StreamCopyWriter::OutputFree::operator()(AVFormatContext* f) const {
  avio_closep(&f->pb);
  avformat_free_context(f);
}

void StreamCopyWriter::fail(const std::string& what, int rc) const {
  throw ClipError("cannot write " + path_.string() + ": " + what + ": " + av::error_text(rc));
}

void StreamCopyWriter::write(av::PacketPtr packet, std::int64_t dts_us, std::int64_t pts_us) {
  if (held_) write_held(dts_us - held_dts_us_);
  held_ = std::move(packet);
  held_dts_us_ = dts_us;
  held_pts_us_ = pts_us;
}

void StreamCopyWriter::finish(std::int64_t last_duration_us) {
  if (held_) write_held(last_duration_us);
  if (int rc = av_write_trailer(format_.get()); rc < 0) fail("trailer", rc);
  if (int rc = avio_closep(&format_->pb); rc < 0) fail("close", rc);
}

void StreamCopyWriter::write_held(std::int64_t duration_us) {
  AVPacket* p = held_.get();
  p->stream_index = stream_->index;
  p->dts = av_rescale_q(held_dts_us_, av::kMicros, stream_->time_base);
  p->pts = av_rescale_q(held_pts_us_, av::kMicros, stream_->time_base);
  p->duration = av_rescale_q(duration_us, av::kMicros, stream_->time_base);
  p->pos = -1;
  if (int rc = av_interleaved_write_frame(format_.get(), p); rc < 0) fail("packet", rc);
  held_.reset();
}

}  // namespace cctv::storage
