// SPDX-License-Identifier: Apache-2.0
// Shared by the evidence benchmarks (clip, export): footage encoded here by GStreamer faster
// than real time in the recording branch's container (H.264 at 10 fps, a keyframe every 2 s,
// noise so that the encoder spends its whole bitrate, 60 s Matroska segments), indexed as the
// recorder would, and the baseline they are measured against: a plain copy made durable.
#pragma once

#include <fcntl.h>
#include <gst/gst.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
#include <libavformat/avformat.h>
}

#include "cctv/storage/recording_index.hpp"

namespace cctv::bench {

using Clock = std::chrono::steady_clock;
inline constexpr int kFps = 10;
inline constexpr int kSegmentS = 60;

struct FootageSpec {
  int minutes = 5;
  int width = 1280;
  int height = 720;
  int bitrate_kbps = 4096;
};

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}
inline double megabytes(std::uintmax_t bytes) { return static_cast<double>(bytes) / 1e6; }

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

inline void encode_footage(const std::filesystem::path& dir, const FootageSpec& spec) {
  gst_init(nullptr, nullptr);
  const std::string description =
      "videotestsrc num-buffers=" + std::to_string(spec.minutes * 60 * kFps) +
      " pattern=snow ! video/x-raw,width=" + std::to_string(spec.width) +
      ",height=" + std::to_string(spec.height) +
      ",framerate=10/1 ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=20 bitrate=" +
      std::to_string(spec.bitrate_kbps) +
      " ! h264parse ! splitmuxsink muxer=matroskamux max-size-time=" +
      std::to_string(std::int64_t{kSegmentS} * GST_SECOND) +
      " location=" + (dir / "seg%05d.mkv").string();
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  if (!pipeline)
    throw std::runtime_error(error ? error->message : "cannot build the encoder pipeline");
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  GstMessage* done = gst_bus_timed_pop_filtered(
      bus, GST_CLOCK_TIME_NONE, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  const bool failed = GST_MESSAGE_TYPE(done) == GST_MESSAGE_ERROR;
  gst_message_unref(done);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  if (failed) throw std::runtime_error("encoding the footage failed");
}

// Seconds of video in a segment, from its packet timestamps.
inline double duration_s(const std::filesystem::path& path) {
  AVFormatContext* fmt = nullptr;
  if (avformat_open_input(&fmt, path.c_str(), nullptr, nullptr) < 0)
    throw std::runtime_error("cannot open " + path.string());
  AVPacket* pkt = av_packet_alloc();
  std::int64_t first = INT64_MAX, last = INT64_MIN;
  double time_base = 0;
  while (av_read_frame(fmt, pkt) >= 0) {
    time_base = av_q2d(fmt->streams[pkt->stream_index]->time_base);
    first = std::min(first, pkt->pts);
    last = std::max(last, pkt->pts);
    av_packet_unref(pkt);
  }
  av_packet_free(&pkt);
  avformat_close_input(&fmt);
  return static_cast<double>(last - first) * time_base + 1.0 / kFps;
}

// The segments as the recorder would index them (measured and hashed), back to back from
// `base`, for camera "bench".
inline std::vector<storage::Recording> index_segments(const std::filesystem::path& dir,
                                                      Timestamp base) {
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(dir)) files.push_back(f.path());
  std::sort(files.begin(), files.end());
  std::vector<storage::Recording> out;
  Timestamp start = base;
  for (const auto& f : files) {
    const auto end =
        start + std::chrono::duration_cast<Millis>(std::chrono::duration<double>(duration_s(f)));
    out.push_back(storage::describe_segment("bench", start, end, f.string()));
    start = end;
  }
  return out;
}

// The plain copy (what cp does), then an fsync: as durable as the evidence files.
inline void copy_durably(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
  const int fd = ::open(to.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) throw std::runtime_error("cannot fsync " + to.string());
  ::close(fd);
}

// The benches' main(): `NAME [minutes >= 2] [runs >= 1]`, then run(minutes, runs); an exception
// is reported as NAME: what, exit 1.
template <typename Run>
int bench_main(int argc, char** argv, const char* name, int default_minutes, int default_runs,
               Run run) {
  const int minutes = argc > 1 ? std::atoi(argv[1]) : default_minutes;
  const int runs = argc > 2 ? std::atoi(argv[2]) : default_runs;
  if (minutes < 2 || runs < 1) {
    std::fprintf(stderr, "usage: %s [minutes >= 2] [runs >= 1]\n", name);
    return 2;
  }
  try {
    return run(minutes, runs);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", name, e.what());
    return 1;
  }
}

}  // namespace cctv::bench
