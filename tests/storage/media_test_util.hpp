// SPDX-License-Identifier: Apache-2.0
// Shared by the evidence tests: reading recordings and clips back with libavformat (packets,
// their hashes and timestamps, decoded frames) and the top-level boxes of an MP4.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "cctv/common/sha256.hpp"

namespace cctv::test {

struct MediaPacket {
  std::string sha256;  // of the packet's bytes
  bool key = false;
  double pts_s = 0;  // in seconds
  double dts_s = 0;
};

struct Media {
  std::string error;  // empty when it opened
  std::string codec;
  bool closed = false;               // the container states its duration: its writer finished it
  std::vector<MediaPacket> packets;  // the video stream's, in file order
  int decoded_frames = -1;           // -1 unless asked for
  // From the packet timestamps: last pts - first pts + one frame.
  double duration_s() const;
};

// Reads every video packet of `path`; with `decode`, also decodes them all.
Media read_media(const std::filesystem::path& path, bool decode = false);

// The four-character types of the file's top-level boxes, in order ("ftyp", "moov", "mdat").
std::vector<std::string> mp4_boxes(const std::filesystem::path& path);

// ---- implementation (header-only: the test build globs *_test.cpp) ----

inline double Media::duration_s() const {
  if (packets.size() < 2) return 0;
  double first = packets.front().pts_s, last = first;
  for (const MediaPacket& p : packets) {
    first = std::min(first, p.pts_s);
    last = std::max(last, p.pts_s);
  }
  const double frame = (last - first) / static_cast<double>(packets.size() - 1);
  return last - first + frame;
}

inline int decode_all(const AVCodecParameters* par, const std::vector<AVPacket*>& packets) {
  const AVCodec* codec = avcodec_find_decoder(par->codec_id);
  AVCodecContext* ctx = avcodec_alloc_context3(codec);
  avcodec_parameters_to_context(ctx, par);
  int frames = 0;
  if (avcodec_open2(ctx, codec, nullptr) == 0) {
    AVFrame* frame = av_frame_alloc();
    const auto drain = [&] {
      while (avcodec_receive_frame(ctx, frame) == 0) ++frames;
    };
    for (AVPacket* p : packets) {
      if (avcodec_send_packet(ctx, p) == 0) drain();
    }
    avcodec_send_packet(ctx, nullptr);
    drain();
    av_frame_free(&frame);
  }
  avcodec_free_context(&ctx);
  return frames;
}

inline Media read_media(const std::filesystem::path& path, bool decode) {
  Media m;
  AVFormatContext* fmt = nullptr;
  if (int rc = avformat_open_input(&fmt, path.c_str(), nullptr, nullptr); rc < 0) {
    m.error = "cannot open " + path.string() + ": " + std::to_string(rc);
    return m;
  }
  const int video = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (video < 0) {
    avformat_close_input(&fmt);
    m.error = "no video stream in " + path.string();
    return m;
  }
  const AVStream* stream = fmt->streams[video];
  m.codec = avcodec_get_name(stream->codecpar->codec_id);
  m.closed = fmt->duration != AV_NOPTS_VALUE;
  std::vector<AVPacket*> kept;
  AVPacket* pkt = av_packet_alloc();
  while (av_read_frame(fmt, pkt) >= 0) {
    if (pkt->stream_index == video) {
      const std::int64_t dts = pkt->dts != AV_NOPTS_VALUE ? pkt->dts : pkt->pts;
      m.packets.push_back({sha256_hex({reinterpret_cast<const char*>(pkt->data),
                                       static_cast<std::size_t>(pkt->size)}),
                           (pkt->flags & AV_PKT_FLAG_KEY) != 0,
                           pkt->pts * av_q2d(stream->time_base), dts * av_q2d(stream->time_base)});
      if (decode) kept.push_back(av_packet_clone(pkt));
    }
    av_packet_unref(pkt);
  }
  av_packet_free(&pkt);
  if (decode) m.decoded_frames = decode_all(stream->codecpar, kept);
  for (AVPacket* p : kept) av_packet_free(&p);
  avformat_close_input(&fmt);
  return m;
}

inline std::vector<std::string> mp4_boxes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> boxes;
  const auto file_size = static_cast<std::uint64_t>(std::filesystem::file_size(path));
  for (std::uint64_t at = 0; at + 8 <= file_size;) {
    unsigned char header[16] = {};
    in.seekg(static_cast<std::streamoff>(at));
    in.read(reinterpret_cast<char*>(header), 16);
    std::uint64_t size =
        (std::uint64_t{header[0]} << 24) | (header[1] << 16) | (header[2] << 8) | header[3];
    if (size == 1) {  // a 64-bit size follows the type
      size = 0;
      for (int i = 8; i < 16; ++i) size = (size << 8) | header[i];
    } else if (size == 0) {  // to the end of the file
      size = file_size - at;
    }
    boxes.emplace_back(reinterpret_cast<const char*>(header + 4), 4);
    if (size < 8) break;
    at += size;
  }
  return boxes;
}

}  // namespace cctv::test
