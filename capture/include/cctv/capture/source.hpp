// SPDX-License-Identifier: Apache-2.0
// A camera source: one GStreamer pipeline per camera with two branches from one connection.
//  - recording: the camera's H.264 passed through untouched into fixed-length Matroska
//    segments under <recordings_dir>/<camera>/<YYYY-MM-DD>/<HH>/<start-UTC>.mkv;
//  - analytics: decoded, scaled to the camera's analytics size, rate-limited to its analytics
//    fps and handed to a FrameSink as I420 (as decoded: no colour conversion) with UTC
//    timestamps. A slow sink loses frames (they
//    are counted); it never holds up recording.
// URLs: rtsp://host/path[?transport=udp] (TCP by default), file:///path[?loop=1|?realtime=1],
// test://<scene>[?width=&height=&fps=] (a synthetic scene encoded with x264, like a camera).
// A camera with an analytics_url gets a second connection for analytics; its url then only records.
// A camera with analytics disabled is only recorded: no analytics branch, nothing decoded.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include <opencv2/core.hpp>

#include "cctv/common/time.hpp"
#include "cctv/config/config.hpp"

namespace cctv::capture {

struct Frame {
  std::string camera;
  Timestamp ts{};  // UTC capture time of this frame
  cv::Mat i420;    // the camera's analytics size: (height * 3 / 2) x width CV_8UC1, planar
  // A file analysed as fast as it can be: every frame is delivered and waited for, so the sink
  // must not skip work to keep up (it would change the results, not save frames).
  bool every_frame = false;
};

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  // Called on the camera's capture thread. Time spent here costs analytics frames (counted as
  // dropped), never recording. An exception is logged and the frame skipped.
  virtual void on_frame(const Frame& frame) = 0;
};

// One recording file, closed: complete on disk and fsync'd before anyone hears of it.
struct Segment {
  std::string camera;
  Timestamp start{};  // UTC of the first frame (also in the file name)
  Timestamp end{};    // start + the segment's media duration
  std::filesystem::path path;
  std::uintmax_t bytes = 0;
  // false: the connection broke mid-segment. The file plays up to its last frame but has no
  // seek index, and `end` is the last frame's time.
  bool finalized = true;
};

class RecordingListener {
 public:
  virtual ~RecordingListener() = default;
  // Called on the camera's capture thread, in order, once per segment. Exceptions are logged.
  virtual void on_segment_closed(const Segment& segment) = 0;
};

// Live figures the pipeline updates from its streaming threads; read them at any time.
struct SourceCounters {
  std::atomic<std::uint64_t> frames_in{0};   // frames arrived on the main connection
  std::atomic<std::uint64_t> frames_out{0};  // frames handed to the FrameSink
  std::atomic<std::uint64_t> frames_dropped{
      0};  // meant for analytics, dropped (sink or decoder too slow)
  std::atomic<std::uint64_t> recorded_bytes{0};  // H.264 bytes into the recording branch
  std::atomic<std::int64_t> last_frame_utc_ms{
      0};  // UTC (ms since epoch) of the last frame in, 0: none
  std::atomic<std::int64_t> last_frame_steady_ns{0};  // steady_clock of the same, 0: none
};

struct SourceParams {
  std::filesystem::path recordings_dir;  // empty: no recording branch
  double segment_s = 60;  // segment length; cuts happen at the first keyframe after it
  RecordingListener* recording_listener = nullptr;  // optional; must outlive the source
  std::shared_ptr<SourceCounters> counters;         // optional; the source makes its own if null
};

class Source {
 public:
  virtual ~Source() = default;
  // One connection attempt: delivers frames until `stop` is requested or a finite source (a
  // file without loop) ends — both return nullopt — or the source fails, which returns what
  // went wrong (connection refused, stream ended, no data for offline_after_s, corrupt file,
  // not-negotiated, ...). Recording segments open at that point are closed and reported.
  // A supervisor decides whether to retry; run() may be called again after it returns.
  virtual std::optional<std::string> run(std::stop_token stop, FrameSink& sink) = 0;
  virtual const SourceCounters& counters() const = 0;
};

// Throws std::invalid_argument naming the camera when its URL cannot be served (unknown scheme
// or scene, bad option), or when it would neither record nor analyse. Connection problems show
// up later, as errors from run().
std::unique_ptr<Source> create_source(const config::Camera& camera, const SourceParams& params);
// Analytics only, no recording.
std::unique_ptr<Source> create_source(const config::Camera& camera);

}  // namespace cctv::capture
