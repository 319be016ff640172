// SPDX-License-Identifier: Apache-2.0
// Issue 5, "measure and report" (evidence): clip extraction by stream copy against a plain copy
// of the same bytes (the clip file itself), in the same run, both ending with an fsync as
// evidence does. The footage is encoded here by GStreamer faster than real time, in the
// recording branch's container: 1280x720 H.264 at 10 fps, a keyframe every 2 s, 4 Mb/s (noise,
// so the encoder spends its whole bitrate), in 60 s Matroska segments. The page cache is warm
// for both (the files were just written), so this compares the work, not the disk.
//
//   cctv_clip_bench [minutes of footage] [runs]     (default 5, 5)
#include <fcntl.h>
#include <gst/gst.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
#include <libavformat/avformat.h>
}

#include "cctv/storage/clip_extractor.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kFps = 10;
constexpr int kSegmentS = 60;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}
double megabytes(std::uintmax_t bytes) { return static_cast<double>(bytes) / 1e6; }

void encode_footage(const std::filesystem::path& dir, int minutes) {
  gst_init(nullptr, nullptr);
  const std::string description =
      "videotestsrc num-buffers=" + std::to_string(minutes * 60 * kFps) +
      " pattern=snow ! video/x-raw,width=1280,height=720,framerate=10/1 ! "
      "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=20 bitrate=4096 ! h264parse ! "
      "splitmuxsink muxer=matroskamux max-size-time=" +
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
double duration_s(const std::filesystem::path& path) {
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

// The segments as the recording index would list them, back to back from `base`.
std::vector<storage::Recording> index_segments(const std::filesystem::path& dir, Timestamp base) {
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(dir)) files.push_back(f.path());
  std::sort(files.begin(), files.end());
  std::vector<storage::Recording> out;
  Timestamp start = base;
  for (const auto& f : files) {
    const auto end =
        start + std::chrono::duration_cast<Millis>(std::chrono::duration<double>(duration_s(f)));
    out.push_back({"bench", start, end, f.string(),
                   static_cast<std::int64_t>(std::filesystem::file_size(f)), ""});
    start = end;
  }
  return out;
}

// The plain copy (what cp does), then an fsync: as durable as the clip.
void copy_durably(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
  const int fd = ::open(to.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) throw std::runtime_error("cannot fsync " + to.string());
  ::close(fd);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int run(int minutes, int runs) {
  test::TempDir dir;
  std::filesystem::create_directories(dir / "recordings");
  const auto encode_start = Clock::now();
  encode_footage(dir / "recordings", minutes);
  const Timestamp base = *parse_utc("2026-11-23T10:00:00Z");
  const auto segments = index_segments(dir / "recordings", base);
  std::uintmax_t footage_bytes = 0;
  for (const auto& s : segments) footage_bytes += static_cast<std::uintmax_t>(s.bytes);
  std::printf(
      "footage: %d min of 1280x720 H.264 at %d fps in %zu segments, %.1f MB (encoded in %.1f s)\n",
      minutes, kFps, segments.size(), megabytes(footage_bytes), seconds_since(encode_start));

  // From mid-GOP in the first segment to just into the last: across every boundary.
  const Timestamp from = base + std::chrono::milliseconds(30700);
  const Timestamp to = segments.back().start + std::chrono::milliseconds(1300);
  std::vector<double> clip_s, copy_s;
  std::uintmax_t clip_bytes = 0;
  storage::Clip clip;
  for (int r = 0; r < runs; ++r) {
    const auto out = dir / ("clip" + std::to_string(r) + ".mp4");
    auto start = Clock::now();
    clip = storage::extract_clip(segments, from, to, out);
    clip_s.push_back(seconds_since(start));
    clip_bytes = std::filesystem::file_size(out);
    start = Clock::now();
    copy_durably(out, dir / ("copy" + std::to_string(r) + ".mp4"));
    copy_s.push_back(seconds_since(start));
    std::printf("run %d: clip %.3f s, copy %.3f s\n", r + 1, clip_s.back(), copy_s.back());
  }
  const double clip_median = median(clip_s), copy_median = median(copy_s);
  std::printf("clip: %.1f s of video, %lld frames from %d segments, %.1f MB\n",
              seconds_between(clip.start, clip.end), static_cast<long long>(clip.frames),
              clip.segments, megabytes(clip_bytes));
  std::printf("median of %d: clip %.3f s (%.0f MB/s, %.0fx real time), copy %.3f s (%.0f MB/s)\n",
              runs, clip_median, megabytes(clip_bytes) / clip_median,
              seconds_between(clip.start, clip.end) / clip_median, copy_median,
              megabytes(clip_bytes) / copy_median);
  std::printf("clip extraction takes %.2fx the time of a plain copy of the same bytes\n",
              clip_median / copy_median);
  return 0;
}

}  // namespace
}  // namespace cctv

int main(int argc, char** argv) {
  const int minutes = argc > 1 ? std::atoi(argv[1]) : 5;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  if (minutes < 2 || runs < 1) {
    std::fprintf(stderr, "usage: cctv_clip_bench [minutes >= 2] [runs >= 1]\n");
    return 2;
  }
  try {
    return cctv::run(minutes, runs);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cctv_clip_bench: %s\n", e.what());
    return 1;
  }
}
