// SPDX-License-Identifier: Apache-2.0
// Issue 3, "measure and report" (capture): CPU per camera for (a) recording only and
// (b) recording + analytics at 640x360 @ 10 fps, for 1, 8 and 16 simultaneous 720p RTSP
// cameras; and the decode throughput of our analytics branch against a plain
// `gst-launch-1.0 ... ! avdec_h264 ! fakesink` on the same stream, in the same run.
//
//   cctv_capture_bench [--seconds S] [--cameras 1,8,16] [--camera-fps F] [--decode-frames N]
//
// Cameras: `cctv fake-cameras` in its own process (so its encoder is not counted) serving one
// 1280x720 "street" mount; every camera connects to it, and its clients share one encoder.
// Each run starts N SourceSupervisors (as `cctv run` does) recording 60 s segments to a temp
// dir with a frame sink that does nothing, waits until every camera delivers, warms up, then
// measures this process's CPU time (getrusage: all its threads) over S seconds of wall time.
// "CPU %" is of one core; "CPU ms/frame" is per camera frame received, so it does not depend on
// the fixture keeping up its frame rate on a busy machine.
//
// Decode: the fixture's stream is recorded for a while, turned into an H.264 byte stream and
// repeated to about N frames. Ours: a file:// camera with analytics at 640x360 and a rate limit
// above the stream's (every frame goes through the whole branch, decoded on one thread, scaled
// and handed over as BGR), played as fast as the sink takes frames. Theirs: gst-launch-1.0
// filesrc ! h264parse ! avdec_h264 ! fakesink sync=false, once as is (the decoder picks its own
// thread count) and once with max-threads=1 like ours. Best of three interleaved rounds.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "capture/capture_test_util.hpp"
#include "cctv/capture/source_supervisor.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace cctv::capture::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kWidth = 1280;
constexpr int kHeight = 720;
constexpr double kAnalyticsFps = 10;
constexpr int kAnalyticsWidth = 640;
constexpr int kAnalyticsHeight = 360;
constexpr double kUnthrottledFps = 30;  // the highest analytics fps a camera may have
constexpr auto kWarmUp = 3s;
constexpr auto kStartTimeout = 60s;
constexpr double kClipS = 20;  // recorded for the decode comparison: ten 2 s GOPs
constexpr int kDecodeRounds = 3;

struct Options {
  double seconds = 20;
  std::vector<int> cameras = {1, 8, 16};
  double camera_fps = 10;
  int decode_frames = 3000;
};

class DiscardFrames final : public FrameSink {
 public:
  void on_frame(const Frame&) override {}
};

double process_cpu_s() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return cctv::test::cpu_seconds(usage);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// This process's CPU and the wall time since construction.
class Stopwatch {
 public:
  double wall_s() const { return seconds_since(wall_); }
  double cpu_s() const { return process_cpu_s() - cpu_; }

 private:
  Clock::time_point wall_ = Clock::now();
  double cpu_ = process_cpu_s();
};

// `cctv fake-cameras` serving rtsp://127.0.0.1:<port>/cam, 720p "street".
class FakeCameras {
 public:
  FakeCameras(const fs::path& dir, double fps)
      : port_(cctv::test::free_tcp_port()),
        log_(dir / "fake-cameras.log"),
        process_({CCTV_BINARY, "fake-cameras", "--port", std::to_string(port_), "--camera",
                  "cam=street", "--width", std::to_string(kWidth), "--height",
                  std::to_string(kHeight), "--fps", std::to_string(fps)},
                 log_) {
    if (!eventually([&] { return cctv::test::read_file(log_).find(url()) != std::string::npos; },
                    10s)) {
      throw std::runtime_error("cctv fake-cameras did not start: " +
                               cctv::test::read_file(log_.string() + ".err"));
    }
  }
  std::string url() const { return "rtsp://127.0.0.1:" + std::to_string(port_) + "/cam"; }

 private:
  int port_;
  fs::path log_;
  cctv::test::Process process_;
};

// ---- CPU per camera ----

struct Trial {
  int cameras = 0;
  bool analytics = false;
  double wall_s = 0;
  double cpu_s = 0;
  std::uint64_t frames_in = 0;
  std::uint64_t frames_out = 0;
  std::uint64_t dropped = 0;
  std::uint64_t bytes = 0;
  int reconnects = 0;
};

using Supervisors = std::vector<std::unique_ptr<SourceSupervisor>>;

// Sums over the cameras; `reconnects` counts attempts after each camera's first.
Trial totals(const Supervisors& cameras) {
  Trial t;
  for (const auto& camera : cameras) {
    const CameraFigures f = camera->figures();
    t.frames_in += f.frames_in;
    t.frames_out += f.frames_out;
    t.dropped += f.frames_dropped;
    t.bytes += f.recorded_bytes;
    t.reconnects += std::max(0, f.attempts - 1);
  }
  return t;
}

bool all_streaming(const Supervisors& cameras, bool analytics) {
  return std::all_of(cameras.begin(), cameras.end(), [&](const auto& camera) {
    const CameraFigures f = camera->figures();
    return f.frames_in > 0 && (!analytics || f.frames_out > 0);
  });
}

Trial run_trial(const std::string& url, int n, bool analytics, double seconds) {
  cctv::test::TempDir recordings;
  DiscardFrames sink;
  Supervisors cameras;
  for (int i = 0; i < n; ++i) {
    config::Camera cam = camera("cam" + std::to_string(i + 1), url, kAnalyticsFps, kAnalyticsWidth,
                                kAnalyticsHeight);
    cam.analytics.enabled = analytics;
    SupervisorParams params;
    params.source.recordings_dir = recordings.path();
    params.source.segment_s = config::Storage{}.segment_s;
    cameras.push_back(std::make_unique<SourceSupervisor>(cam, sink, std::move(params)));
  }
  if (!eventually([&] { return all_streaming(cameras, analytics); }, kStartTimeout)) {
    throw std::runtime_error("not every camera was streaming after " +
                             std::to_string(kStartTimeout.count()) + " s");
  }
  std::this_thread::sleep_for(kWarmUp);
  const Trial before = totals(cameras);
  const Stopwatch window;
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  Trial t = totals(cameras);
  t.cpu_s = window.cpu_s();
  t.wall_s = window.wall_s();
  t.cameras = n;
  t.analytics = analytics;
  t.frames_in -= before.frames_in;
  t.frames_out -= before.frames_out;
  t.dropped -= before.dropped;
  t.bytes -= before.bytes;
  t.reconnects -= before.reconnects;
  return t;  // the supervisors stop here, closing their segments
}

void print_trial_header() {
  std::printf("%-20s %5s %10s %8s %12s %11s %12s %8s %11s %10s\n", "mode", "cams", "CPU %/cam",
              "CPU %", "CPU ms/frame", "fps in/cam", "fps out/cam", "dropped", "kbit/s/cam",
              "reconnects");
}

void print_trial(const Trial& t) {
  const double per_camera_s = t.wall_s * t.cameras;
  std::printf(
      "%-20s %5d %10.1f %8.1f %12.2f %11.2f %12.2f %8llu %11.0f %10d\n",
      t.analytics ? "record + analytics" : "record only", t.cameras, 100 * t.cpu_s / per_camera_s,
      100 * t.cpu_s / t.wall_s, 1000 * t.cpu_s / static_cast<double>(t.frames_in),
      static_cast<double>(t.frames_in) / per_camera_s,
      static_cast<double>(t.frames_out) / per_camera_s, static_cast<unsigned long long>(t.dropped),
      static_cast<double>(t.bytes) * 8 / 1000 / per_camera_s, t.reconnects);
  std::fflush(stdout);
}

// ---- decode throughput ----

// Records the fixture's stream for kClipS seconds; returns the segment.
fs::path record_clip(const std::string& url, const fs::path& dir) {
  DiscardFrames sink;
  SegmentCollector segments;
  config::Camera cam = camera("clip", url);
  cam.analytics.enabled = false;
  auto source = create_source(
      cam, {.recordings_dir = dir, .segment_s = 2 * kClipS, .recording_listener = &segments});
  {
    std::jthread recording([&](std::stop_token stop) { source->run(stop, sink); });
    std::this_thread::sleep_for(std::chrono::duration<double>(kClipS));
  }
  if (segments.count() != 1) throw std::runtime_error("recording the clip failed");
  return segments.segments().front().path;
}

// Runs `gst-launch-1.0 -q <pipeline>` (found on PATH) to its end.
cctv::test::CommandResult gst_launch(std::vector<std::string> pipeline) {
  pipeline.insert(pipeline.begin(), {"/usr/bin/env", "gst-launch-1.0", "-q"});
  auto result = cctv::test::run_command(pipeline);
  if (result.exit_code != 0) throw std::runtime_error("gst-launch-1.0 failed: " + result.err);
  return result;
}

// `clip` (Matroska) as an H.264 byte stream repeated `times` times: each copy starts with an
// IDR frame and its parameter sets, so the result decodes as one long stream.
fs::path repeated_byte_stream(const fs::path& clip, int times, const fs::path& dir) {
  const fs::path once = dir / "once.h264";
  gst_launch({"filesrc", "location=" + clip.string(), "!", "matroskademux", "!", "h264parse",
              "config-interval=-1", "!", "video/x-h264,stream-format=byte-stream,alignment=au", "!",
              "filesink", "location=" + once.string()});
  const std::string bytes = cctv::test::read_file(once);
  const fs::path out = dir / "repeated.h264";
  std::ofstream file(out, std::ios::binary);
  for (int i = 0; i < times; ++i) file << bytes;
  return out;
}

struct Throughput {
  std::uint64_t frames = 0;
  double wall_s = 0;
  double cpu_s = 0;
  double fps() const { return static_cast<double>(frames) / wall_s; }
  double per_cpu_s() const { return static_cast<double>(frames) / cpu_s; }
};

Throughput decode_ours(const fs::path& stream) {
  const config::Camera cam = camera("decode", "file://" + stream.string(), kUnthrottledFps,
                                    kAnalyticsWidth, kAnalyticsHeight);
  DiscardFrames sink;
  auto source = create_source(cam);
  const Stopwatch run;
  if (auto error = source->run(std::stop_token{}, sink)) throw std::runtime_error(*error);
  const SourceCounters& c = source->counters();
  if (c.frames_out != c.frames_in) {
    throw std::runtime_error("the analytics branch delivered " + std::to_string(c.frames_out) +
                             " of " + std::to_string(c.frames_in) + " frames");
  }
  return {c.frames_out, run.wall_s(), run.cpu_s()};
}

// Wall time includes gst-launch-1.0's start (loading plugins), a fraction of a second.
Throughput decode_gst_launch(const fs::path& stream, bool one_thread, std::uint64_t frames) {
  std::vector<std::string> pipeline = {
      "filesrc", "location=" + stream.string(), "!", "h264parse", "!", "avdec_h264"};
  if (one_thread) pipeline.push_back("max-threads=1");
  for (const char* e : {"!", "fakesink", "sync=false"}) pipeline.push_back(e);
  const auto start = Clock::now();
  const auto result = gst_launch(std::move(pipeline));
  return {frames, seconds_since(start), result.cpu_s};
}

// The best wall time and the best CPU time each decoder achieved over the rounds.
struct Best {
  Throughput t{0, INFINITY, INFINITY};
  void add(const Throughput& run) {
    t.frames = run.frames;
    t.wall_s = std::min(t.wall_s, run.wall_s);
    t.cpu_s = std::min(t.cpu_s, run.cpu_s);
  }
};

void print_decoder(const char* name, const Throughput& t) {
  std::printf("%-62s %10.0f %14.0f\n", name, t.fps(), t.per_cpu_s());
}

void print_ratio(const char* name, const Throughput& ours, const Throughput& theirs) {
  std::printf("%-62s %10.2f %14.2f\n", name, ours.fps() / theirs.fps(),
              ours.per_cpu_s() / theirs.per_cpu_s());
}

void compare_decoders(const std::string& url, const Options& o, const fs::path& dir) {
  const fs::path clip = record_clip(url, dir);
  const int times = static_cast<int>(std::ceil(o.decode_frames / (kClipS * o.camera_fps)));
  const fs::path stream = repeated_byte_stream(clip, times, dir);
  Best ours, plain, single;
  for (int round = 0; round < kDecodeRounds; ++round) {
    ours.add(decode_ours(stream));
    plain.add(decode_gst_launch(stream, false, ours.t.frames));
    single.add(decode_gst_launch(stream, true, ours.t.frames));
  }
  std::printf(
      "\nDecode throughput: %llu frames of the fixture's 720p stream (%.0f s recorded, "
      "repeated %d times), best of %d rounds\n",
      static_cast<unsigned long long>(ours.t.frames), kClipS, times, kDecodeRounds);
  std::printf("%-62s %10s %14s\n", "decoder", "fps (wall)", "frames/CPU-s");
  print_decoder("ours: analytics branch -> 640x360 BGR (avdec_h264, 1 thread)", ours.t);
  print_decoder("gst-launch-1.0 filesrc ! h264parse ! avdec_h264 ! fakesink", plain.t);
  print_decoder("gst-launch-1.0 ... avdec_h264 max-threads=1 ! fakesink", single.t);
  print_ratio("ratio ours / plain gst-launch", ours.t, plain.t);
  print_ratio("ratio ours / gst-launch with max-threads=1", ours.t, single.t);
}

int run(const Options& o) {
  spdlog::set_level(spdlog::level::warn);
  cctv::test::TempDir dir;
  const FakeCameras fixture(dir.path(), o.camera_fps);
  std::printf(
      "Capture CPU: %dx%d H.264 @ %g fps (x264, 2048 kbit/s, IDR every 2 s) from cctv "
      "fake-cameras in its own process; analytics %dx%d @ %g fps; %g s per run; %u CPUs; "
      "load average %s\n",
      kWidth, kHeight, o.camera_fps, kAnalyticsWidth, kAnalyticsHeight, kAnalyticsFps, o.seconds,
      std::thread::hardware_concurrency(), cctv::test::load_average().c_str());
  print_trial_header();
  for (int n : o.cameras) {
    for (bool analytics : {false, true})
      print_trial(run_trial(fixture.url(), n, analytics, o.seconds));
  }
  compare_decoders(fixture.url(), o, dir.path());
  std::printf("\nload average at the end: %s\n", cctv::test::load_average().c_str());
  return 0;
}

}  // namespace
}  // namespace cctv::capture::test

int main(int argc, char** argv) {
  cctv::capture::test::Options o;
  CLI::App app{"Capture CPU per camera and analytics-branch decode throughput (issue 3)"};
  app.add_option("--seconds", o.seconds, "Measured wall time per run")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 600.0));
  app.add_option("--cameras", o.cameras, "Simultaneous cameras per run")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--camera-fps", o.camera_fps, "Frame rate the cameras stream at")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 60.0));
  app.add_option("--decode-frames", o.decode_frames, "Frames for the decode comparison (about)")
      ->capture_default_str()
      ->check(CLI::Range(100, 100000));
  CLI11_PARSE(app, argc, argv);
  try {
    return cctv::capture::test::run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cctv_capture_bench: %s\n", e.what());
    return 1;
  }
}
