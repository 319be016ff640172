// SPDX-License-Identifier: Apache-2.0
// Shared by the capture tests: collecting sinks and listeners, polling with deadlines, and
// reading recordings back with libavformat.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "cctv/capture/source.hpp"
#include "cctv/capture/source_supervisor.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace cctv::capture::test {

using namespace std::chrono_literals;

// Polls `done` until it holds or `timeout` passes; returns its last value.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout);

struct SeenFrame {
  Timestamp ts{};
  Timestamp received{};
  int width = 0;
  int height = 0;
  int type = 0;
};

class FrameCollector final : public FrameSink {
 public:
  explicit FrameCollector(std::chrono::milliseconds delay = 0ms) : delay_(delay) {}
  void on_frame(const Frame& frame) override;
  std::vector<SeenFrame> frames() const;
  std::size_t count() const;

 private:
  std::chrono::milliseconds delay_;
  mutable std::mutex mutex_;
  std::vector<SeenFrame> frames_;
};

class SegmentCollector final : public RecordingListener {
 public:
  void on_segment_closed(const Segment& segment) override;
  std::vector<Segment> segments() const;
  std::size_t count() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Segment> segments_;
};

struct HealthEvent {
  std::string kind;  // offline | online | error
  std::string camera;
  Timestamp at{};       // when it was reported
  Timestamp since{};    // offline
  double outage_s = 0;  // online
  std::string message;  // error
};

class HealthCollector final : public HealthListener {
 public:
  void on_camera_offline(const std::string& camera, Timestamp since) override;
  void on_camera_online(const std::string& camera, double outage_s) override;
  void on_camera_error(const std::string& camera, const std::string& message) override;
  std::vector<HealthEvent> events(const std::string& kind = "") const;

 private:
  void add(HealthEvent e);
  mutable std::mutex mutex_;
  std::vector<HealthEvent> events_;
};

// Hashes of the H.264 slice NAL units of one access unit (Annex-B or 4-byte AVCC framing).
std::vector<std::uint64_t> slice_hashes(std::span<const std::uint8_t> access_unit);

// What libavformat reads back from a recording.
struct Recording {
  bool opened = false;
  std::string error;
  std::string codec;
  int width = 0;
  int height = 0;
  int profile = 0;
  int packets = 0;
  int keyframes = 0;
  double duration_s = 0;  // from packet timestamps: last - first + one frame
  std::vector<std::vector<std::uint64_t>> slices;  // per packet
};
Recording read_recording(const std::filesystem::path& path);

// Records every encoded access unit a test server mount produces, as slice hashes.
class EncodedLog {
 public:
  void add(std::span<const std::uint8_t> au, bool keyframe);
  std::vector<std::vector<std::uint64_t>> units() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::vector<std::uint64_t>> units_;
};

config::Camera camera(const std::string& id, const std::string& url, double fps = 5,
                      int width = 320, int height = 180);

// A 2 s H.264 file (320x180, 6 fps, a keyframe a second) in `dir`, encoded by gst-launch-1.0 as
// the scale bench encodes its footage.
std::filesystem::path two_second_file(const cctv::test::TempDir& dir,
                                      const std::string& pattern = "ball",
                                      const std::vector<std::string>& encoder_options = {});

// ---- implementation (header-only: the test build globs *_test.cpp) ----

inline bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return done();
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

inline void FrameCollector::on_frame(const Frame& frame) {
  {
    std::lock_guard lock(mutex_);
    frames_.push_back(
        {frame.ts, now_utc(), frame.i420.cols, frame.i420.rows * 2 / 3, frame.i420.type()});
  }
  if (delay_ > 0ms) std::this_thread::sleep_for(delay_);  // a slow consumer, on purpose
}

inline std::vector<SeenFrame> FrameCollector::frames() const {
  std::lock_guard lock(mutex_);
  return frames_;
}

inline std::size_t FrameCollector::count() const {
  std::lock_guard lock(mutex_);
  return frames_.size();
}

inline void SegmentCollector::on_segment_closed(const Segment& segment) {
  std::lock_guard lock(mutex_);
  segments_.push_back(segment);
}

inline std::vector<Segment> SegmentCollector::segments() const {
  std::lock_guard lock(mutex_);
  return segments_;
}

inline std::size_t SegmentCollector::count() const {
  std::lock_guard lock(mutex_);
  return segments_.size();
}

inline void HealthCollector::on_camera_offline(const std::string& camera, Timestamp since) {
  add({.kind = "offline", .camera = camera, .at = now_utc(), .since = since});
}
inline void HealthCollector::on_camera_online(const std::string& camera, double outage_s) {
  add({.kind = "online", .camera = camera, .at = now_utc(), .outage_s = outage_s});
}
inline void HealthCollector::on_camera_error(const std::string& camera,
                                             const std::string& message) {
  add({.kind = "error", .camera = camera, .at = now_utc(), .message = message});
}
inline void HealthCollector::add(HealthEvent e) {
  std::lock_guard lock(mutex_);
  events_.push_back(std::move(e));
}
inline std::vector<HealthEvent> HealthCollector::events(const std::string& kind) const {
  std::lock_guard lock(mutex_);
  std::vector<HealthEvent> out;
  for (const auto& e : events_) {
    if (kind.empty() || e.kind == kind) out.push_back(e);
  }
  return out;
}

namespace detail {

inline std::uint64_t fnv1a(std::span<const std::uint8_t> bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (std::uint8_t b : bytes) h = (h ^ b) * 1099511628211ull;
  return h;
}

inline void add_if_slice(std::span<const std::uint8_t> nal, std::vector<std::uint64_t>& out) {
  if (nal.empty()) return;
  const int type = nal[0] & 0x1f;
  if (type == 1 || type == 5) out.push_back(detail::fnv1a(nal));
}

}  // namespace detail

inline std::vector<std::uint64_t> slice_hashes(std::span<const std::uint8_t> au) {
  std::vector<std::uint64_t> out;
  const bool annex_b =
      au.size() > 4 && au[0] == 0 && au[1] == 0 && (au[2] == 1 || (au[2] == 0 && au[3] == 1));
  if (!annex_b) {
    for (std::size_t i = 0; i + 4 <= au.size();) {
      const std::size_t n =
          (std::size_t{au[i]} << 24) | (au[i + 1] << 16) | (au[i + 2] << 8) | au[i + 3];
      if (i + 4 + n > au.size()) break;
      detail::add_if_slice(au.subspan(i + 4, n), out);
      i += 4 + n;
    }
    return out;
  }
  std::size_t start = std::string::npos;
  for (std::size_t i = 0; i + 3 <= au.size(); ++i) {
    if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 1) {
      if (start != std::string::npos) {
        std::size_t end = i;
        while (end > start && au[end - 1] == 0) --end;  // trailing zero of a 4-byte start code
        detail::add_if_slice(au.subspan(start, end - start), out);
      }
      start = i + 3;
      i += 2;
    }
  }
  if (start != std::string::npos) detail::add_if_slice(au.subspan(start), out);
  return out;
}

inline Recording read_recording(const std::filesystem::path& path) {
  Recording r;
  AVFormatContext* fmt = nullptr;
  if (int err = avformat_open_input(&fmt, path.c_str(), nullptr, nullptr); err < 0) {
    r.error = "avformat_open_input failed: " + std::to_string(err);
    return r;
  }
  avformat_find_stream_info(fmt, nullptr);
  const int video = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (video < 0) {
    avformat_close_input(&fmt);
    r.error = "no video stream";
    return r;
  }
  const AVStream* stream = fmt->streams[video];
  r.opened = true;
  r.codec = avcodec_get_name(stream->codecpar->codec_id);
  r.width = stream->codecpar->width;
  r.height = stream->codecpar->height;
  r.profile = stream->codecpar->profile;
  std::int64_t first = INT64_MAX, last = INT64_MIN, step = 0;
  AVPacket* pkt = av_packet_alloc();
  while (av_read_frame(fmt, pkt) >= 0) {
    if (pkt->stream_index == video) {
      ++r.packets;
      if (pkt->flags & AV_PKT_FLAG_KEY) ++r.keyframes;
      if (pkt->pts != AV_NOPTS_VALUE) {
        if (pkt->pts > last) step = last == INT64_MIN ? 0 : pkt->pts - last;
        first = std::min(first, pkt->pts);
        last = std::max(last, pkt->pts);
      }
      r.slices.push_back(slice_hashes({pkt->data, static_cast<std::size_t>(pkt->size)}));
    }
    av_packet_unref(pkt);
  }
  av_packet_free(&pkt);
  if (last >= first)
    r.duration_s = static_cast<double>(last - first + step) * av_q2d(stream->time_base);
  avformat_close_input(&fmt);
  return r;
}

inline void EncodedLog::add(std::span<const std::uint8_t> au, bool) {
  auto hashes = slice_hashes(au);
  std::lock_guard lock(mutex_);
  units_.push_back(std::move(hashes));
}

inline std::vector<std::vector<std::uint64_t>> EncodedLog::units() const {
  std::lock_guard lock(mutex_);
  return units_;
}

inline config::Camera camera(const std::string& id, const std::string& url, double fps, int width,
                             int height) {
  config::Camera c;
  c.id = id;
  c.name = id;
  c.site = "test-site";
  c.url = url;
  c.analytics.fps = fps;
  c.analytics.width = width;
  c.analytics.height = height;
  return c;
}

inline std::filesystem::path two_second_file(const cctv::test::TempDir& dir,
                                             const std::string& pattern,
                                             const std::vector<std::string>& encoder_options) {
  const auto path = dir / "loop.mkv";
  std::vector<std::string> args = {"/usr/bin/gst-launch-1.0",
                                   "-q",
                                   "videotestsrc",
                                   "num-buffers=12",
                                   "pattern=" + pattern,
                                   "!",
                                   "video/x-raw,width=320,height=180,framerate=6/1",
                                   "!",
                                   "x264enc",
                                   "tune=zerolatency",
                                   "key-int-max=6"};
  args.insert(args.end(), encoder_options.begin(), encoder_options.end());
  for (const char* rest : {"!", "h264parse", "!", "matroskamux", "!", "filesink"})
    args.emplace_back(rest);
  args.push_back("location=" + path.string());
  const auto made = cctv::test::run_command(args);
  if (made.exit_code != 0) throw std::runtime_error("gst-launch-1.0 failed: " + made.err);
  return path;
}

}  // namespace cctv::capture::test
