// SPDX-License-Identifier: Apache-2.0
// Issue 4, "Speed": ms per frame for each analytics stage (motion, detector, tracker, zone
// rules) at 768x576 and 640x360, for the `motion` detector and for `yolox` at detection
// intervals 1, 3 and 5, on one core; and the whole chain (CameraAnalytics::process) against
// decoding the same frames, so that "analytics costs N x decode" can be reported.
//
//   cctv_analytics_bench [--benchmark_filter=REGEX] [benchmark flags]
//
// Frames: the first CCTV_BENCH_FRAMES (default 200) frames of PETS09-S2L1 (OpenCV's
// vtest.avi, 768x576) when it is present, else the synthetic "plaza" scene; the first line of
// output says which. 640x360 frames are the 768x576 ones scaled by 5/6 and cropped to 16:9
// in the middle (people keep their shape). Decode: vtest.avi itself at 768x576; for 640x360
// (and for synthetic frames) the same frames re-encoded with vtest's codec (MS-MPEG4v3, which
// FFmpeg decodes on one thread) to a temporary file. Zones: tests/data/pets09-zones.yaml.
// Model: CCTV_BENCH_MODEL or ../shared/models/yolox_nano/yolox_nano.onnx.
//
// Counters are ms per frame averaged over the clip: motion/detect/track/zones per stage,
// total their sum, detect_runs the share of frames the detector ran on; for the chain
// benchmarks chain_ms, decode_ms and x_decode = chain_ms / decode_ms.
//
// BM_MotionVsFrigate (issue 15): our motion stage beside Frigate's ImprovedMotionDetector on
// the same frames in the same run, ms per frame, best of 5 passes (a fresh detector each):
// motion_ms for a YOLOX camera's motion stage (the gate), blob_motion_ms for the motion-blob
// camera's, both on the I420 frame's Y plane; frigate_ms for Frigate's detector with its
// default settings on the same Y planes, run by tests/bench/frigate_motion.py in a child
// process; x_frigate = motion_ms / frigate_ms. Frigate (MIT) is not in this repository: the
// benchmark fails with an error unless CCTV_FRIGATE_DIR names a checkout (its frigate/motion is
// all it needs) and Debian's /usr/bin/python3 has python3-opencv, python3-numpy, python3-scipy:
//
//   git clone --depth 1 https://github.com/blakeblackshear/frigate /tmp/frigate
//   export CCTV_FRIGATE_DIR=/tmp/frigate
//   cctv_analytics_bench --benchmark_filter='Frigate|Decode|Chain/motion'
//
// BM_TamperVsMotion (issue 19): the tamper detector's cost per analysed frame on the I420 Y
// plane (tamper_ms), beside the YOLOX gate's motion stage on the same frames in the same run
// (motion_ms, the baseline), best of 5 passes each, in the thread's CPU time (so a loaded
// machine does not inflate them); x_motion = tamper_ms / motion_ms.
//
// BM_FollowVsDetect (issue 18): following people between detector runs (image_shift), in the
// thread's CPU time: every box YOLOX scores >= 0.5 on a frame followed into the next frame,
// follow_ms per frame (best of 3 passes) against detect_ms, the whole-frame look per frame
// that found them; x_detect = follow_ms / detect_ms; people_per_frame and followed_share (the
// boxes image_shift could follow).
//
// BM_YoloxKernels (issue 15): one whole-frame YOLOX look, thread CPU ms, best of 5 passes over
// the clip, with OpenCV 4.6's own Sigmoid, Slice, Permute and Pooling layers (opencv_ms, the
// baseline) and with ours (analytics/src/dnn_fast_layers.hpp, fast_ms); x_opencv = fast_ms /
// opencv_ms.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "../../analytics/src/image_shift.hpp"
#include "cctv/analytics/camera_analytics.hpp"
#include "cctv/analytics/motion_detector.hpp"
#include "cctv/analytics/object_detector.hpp"
#include "cctv/analytics/tamper_detector.hpp"
#include "cctv/analytics/tracker.hpp"
#include "cctv/analytics/zone_rule.hpp"
#include "cctv/capture/synthetic_scene.hpp"
#include "cctv/config/loader.hpp"
#include "scale_footage.hpp"
#include "support/opencv_own_layers.hpp"
#include "support/process.hpp"
#include "support/shared_data.hpp"
#include "support/thread_cpu.hpp"

namespace cctv::analytics {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kFps = 7;  // PETS09-S2L1's real rate
constexpr int kDefaultFrames = 200;
const Timestamp kT0 = *parse_utc("2009-03-01T12:00:00Z");
const cv::Size kNative{768, 576};
const cv::Size kSmall{640, 360};

// Mirrors camera_analytics.cpp so the staged pipeline does the work the chain does.
constexpr double kMinMotionSupport = 0.05;
constexpr float kSureWithoutMotion = 0.75f;
const float kWeak = static_cast<float>(Tracker::Params{}.high_score) * 0.99f;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of the calling thread, ms: what a stage costs on a machine shared with other work.
double thread_cpu_ms() {
  return std::chrono::duration<double, std::milli>(test::thread_cpu_time()).count();
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

int clip_frames() {
  const int n = std::atoi(env_or("CCTV_BENCH_FRAMES", "0").c_str());
  return n > 0 ? n : kDefaultFrames;
}

std::string model_path() { return env_or("CCTV_BENCH_MODEL", cctv::test::kYoloxNanoModel); }

Timestamp frame_ts(std::size_t k) {
  return kT0 + std::chrono::duration_cast<Millis>(
                   std::chrono::duration<double>(static_cast<double>(k) / kFps));
}

struct Clip {
  std::vector<cv::Mat> frames;  // BGR
  std::vector<cv::Mat> i420;    // the same frames as a camera hands them over
  std::string video;            // a file holding exactly these frames, for the decode baseline

  // A fresh frame each time, so that a BGR conversion a stage asks for is paid every time.
  VideoFrame at(std::size_t k) const { return VideoFrame::from_i420(i420[k]); }
};

std::vector<cv::Mat> as_i420(const std::vector<cv::Mat>& bgr) {
  std::vector<cv::Mat> out(bgr.size());
  for (std::size_t k = 0; k < bgr.size(); ++k) cv::cvtColor(bgr[k], out[k], cv::COLOR_BGR2YUV_I420);
  return out;
}

struct Clips {
  bool real = false;
  std::map<int, Clip> by_width;  // 768 and 640
  fs::path temp_dir;
};

// Writes frames with vtest.avi's codec (falls back to MJPG); returns the path.
std::string encode(const std::vector<cv::Mat>& frames, const fs::path& path) {
  cv::VideoWriter w(path.string(), cv::VideoWriter::fourcc('D', 'I', 'V', '3'), 10,
                    frames.front().size());
  if (!w.isOpened())
    w.open(path.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, frames.front().size());
  if (!w.isOpened()) throw std::runtime_error("cannot write " + path.string());
  for (const cv::Mat& f : frames) w.write(f);
  return path.string();
}

Clips load_clips() {
  Clips c;
  const int n = clip_frames();
  std::vector<cv::Mat> native;
  const std::string video = env_or("CCTV_BENCH_VIDEO", cctv::test::kPets09Video);
  cv::VideoCapture cap(video);
  cv::Mat f;
  while (cap.isOpened() && static_cast<int>(native.size()) < n && cap.read(f))
    native.push_back(f.clone());
  c.real = !native.empty();
  if (!c.real) {
    capture::SyntheticScene scene(*capture::builtin_scene("plaza"), kNative);
    for (int k = 0; k < n; ++k) native.push_back(scene.render(k / kFps, k));
  }
  c.temp_dir = fs::temp_directory_path() / ("cctv_analytics_bench_" + std::to_string(::getpid()));
  fs::create_directories(c.temp_dir);
  std::vector<cv::Mat> small;
  for (const cv::Mat& m : native) small.push_back(bench::camera_frame(m));
  c.by_width[kNative.width] = {native, as_i420(native),
                               c.real ? video : encode(native, c.temp_dir / "768.avi")};
  c.by_width[kSmall.width] = {small, as_i420(small), encode(small, c.temp_dir / "640.avi")};
  std::printf("analytics bench: %zu %s frames (%s), decode baseline %s / %s\n", native.size(),
              c.real ? "real PETS09-S2L1" : "SYNTHETIC plaza", c.real ? video.c_str() : "no video",
              c.by_width[kNative.width].video.c_str(), c.by_width[kSmall.width].video.c_str());
  return c;
}

Clips& clips() {
  static Clips c = load_clips();
  return c;
}

const Clip& clip(int width) { return clips().by_width.at(width); }

// The clip at `width` as the frames a camera hands over.
std::vector<VideoFrame> video_frames(int width) {
  const Clip& c = clip(width);
  std::vector<VideoFrame> frames;
  for (std::size_t k = 0; k < c.frames.size(); ++k) frames.push_back(c.at(k));
  return frames;
}

config::Config zones_config() {
  const auto loaded =
      config::load_config_file(std::string(CCTV_SOURCE_DIR) + "/tests/data/pets09-zones.yaml");
  if (!loaded.config) throw std::runtime_error("tests/data/pets09-zones.yaml does not load");
  return *loaded.config;
}

config::Camera bench_camera(const std::string& detector, int interval, cv::Size size) {
  config::Camera cam = zones_config().cameras.front();
  cam.analytics.fps = kFps;
  cam.analytics.width = size.width;
  cam.analytics.height = size.height;
  cam.analytics.detector = detector;
  cam.analytics.model = detector == "yolox" ? model_path() : "";
  cam.analytics.detection_interval = interval;
  return cam;
}

std::vector<config::Zone> bench_zones() {
  const config::Config cfg = zones_config();
  std::vector<config::Zone> zones;
  for (const config::Zone* z : cfg.zones_of(cfg.cameras.front().id)) zones.push_back(*z);
  return zones;
}

// Milliseconds to decode the clip's video, best of three (warm file cache).
double decode_ms_per_frame(const Clip& c) {
  double best = 1e300;
  for (int run = 0; run < 3; ++run) {
    cv::VideoCapture cap(c.video);
    cv::Mat f;
    std::size_t n = 0;
    const auto start = Clock::now();
    while (n < c.frames.size() && cap.read(f)) ++n;
    best = std::min(best, ms_since(start) / static_cast<double>(std::max<std::size_t>(1, n)));
  }
  return best;
}

double decode_ms(int width) {
  static std::map<int, double> cached;
  if (!cached.contains(width)) cached[width] = decode_ms_per_frame(clip(width));
  return cached[width];
}

// The chain of camera_analytics.cpp taken apart so that each stage can be timed.
struct Staged {
  struct Times {
    double motion = 0, detect = 0, track = 0, zones = 0;
    long detect_runs = 0;
  };
  config::Camera camera;
  std::vector<config::Zone> zones;
  std::unique_ptr<MotionDetector> motion;
  std::unique_ptr<ObjectDetector> detector;
  std::unique_ptr<Tracker> tracker;
  std::vector<std::vector<std::unique_ptr<ZoneRule>>> rules;
  std::vector<Track> tracks;
  DetectionRegion region;
  int since_detection;
  Times t;

  Staged(const config::Camera& cam, std::vector<config::Zone> zs)
      : camera(cam), zones(std::move(zs)), since_detection(cam.analytics.detection_interval) {
    motion = MotionDetector::create(motion_params(cam));
    if (cam.analytics.detector == "yolox") {
      YoloxParams p;
      p.model = cam.analytics.model;
      detector = create_yolox_detector(p);
    } else {
      detector = create_motion_blob_detector();
    }
    tracker = Tracker::create(
        Tracker::at_detection_rate(cam.analytics.fps / cam.analytics.detection_interval));
    for (const config::Zone& z : zones)
      rules.push_back(create_zone_rules({cam.id, "", z.id}, z.rules));
  }

  void process(const VideoFrame& frame, Timestamp ts) {
    auto start = Clock::now();
    const Motion m = motion->apply(frame.luma());
    t.motion += ms_since(start);
    ++since_detection;
    if (!m.regions.empty()) {
      if (since_detection < camera.analytics.detection_interval) {
        start = Clock::now();
        tracks = tracker->predict(ts);
        t.track += ms_since(start);
      } else {
        since_detection = 0;
        ++t.detect_runs;
        start = Clock::now();
        const DetectionArea look = region.next(m, tracker->expected_people(), ts);
        std::vector<Detection> found = detector->detect(frame, m, look);
        for (Detection& d : found) {
          if (d.score < kSureWithoutMotion && motion_support(m, d.box) < kMinMotionSupport)
            d.score = std::min(d.score, kWeak);
        }
        t.detect += ms_since(start);
        start = Clock::now();
        tracks = tracker->update(found, ts);
        t.track += ms_since(start);
      }
    }
    start = Clock::now();
    for (std::size_t z = 0; z < zones.size(); ++z) {
      std::vector<Track> inside;
      for (const Track& tr : tracks)
        if (zone_counts(zones[z], tr)) inside.push_back(tr);
      const bool armed = schedule_armed(zones[z].rules.schedule, ts);
      for (auto& r : rules[z]) benchmark::DoNotOptimize(r->update(inside, ts, armed));
    }
    t.zones += ms_since(start);
  }
};

bool yolox_missing(benchmark::State& state, const std::string& detector) {
  if (detector != "yolox" || fs::exists(model_path())) return false;
  state.SkipWithError(("model not found: " + model_path()).c_str());
  return true;
}

void BM_Stages(benchmark::State& state, const std::string& detector) {
  cv::setNumThreads(1);
  const int width = static_cast<int>(state.range(0));
  const int interval = static_cast<int>(state.range(1));
  if (yolox_missing(state, detector)) return;
  const Clip& c = clip(width);
  const auto cam = bench_camera(detector, interval, c.frames.front().size());
  Staged::Times sum;
  for (auto _ : state) {
    state.PauseTiming();
    Staged s(cam, bench_zones());
    state.ResumeTiming();
    for (std::size_t k = 0; k < c.frames.size(); ++k) s.process(c.at(k), frame_ts(k));
    sum.motion += s.t.motion, sum.detect += s.t.detect, sum.track += s.t.track;
    sum.zones += s.t.zones, sum.detect_runs += s.t.detect_runs;
  }
  const double frames = static_cast<double>(c.frames.size() * state.iterations());
  state.counters["motion_ms"] = sum.motion / frames;
  state.counters["detect_ms"] = sum.detect / frames;
  state.counters["track_ms"] = sum.track / frames;
  state.counters["zones_ms"] = sum.zones / frames;
  state.counters["total_ms"] = (sum.motion + sum.detect + sum.track + sum.zones) / frames;
  state.counters["detect_runs"] = static_cast<double>(sum.detect_runs) / frames;
}

void BM_Chain(benchmark::State& state, const std::string& detector) {
  cv::setNumThreads(1);
  const int width = static_cast<int>(state.range(0));
  const int interval = static_cast<int>(state.range(1));
  if (yolox_missing(state, detector)) return;
  const Clip& c = clip(width);
  const auto cam = bench_camera(detector, interval, c.frames.front().size());
  const auto zones = bench_zones();
  double ms = 0;
  for (auto _ : state) {
    state.PauseTiming();
    CameraAnalytics chain(cam, cam.site, zones);
    state.ResumeTiming();
    const auto start = Clock::now();
    for (std::size_t k = 0; k < c.frames.size(); ++k)
      benchmark::DoNotOptimize(chain.process(c.at(k), frame_ts(k)));
    ms += ms_since(start);
  }
  const double per_frame = ms / static_cast<double>(c.frames.size() * state.iterations());
  state.counters["chain_ms"] = per_frame;
  state.counters["decode_ms"] = decode_ms(width);
  state.counters["x_decode"] = per_frame / decode_ms(width);
}

void BM_Decode(benchmark::State& state) {
  const Clip& c = clip(static_cast<int>(state.range(0)));
  std::size_t n = 0;
  for (auto _ : state) {
    cv::VideoCapture cap(c.video);
    cv::Mat f;
    for (n = 0; n < c.frames.size() && cap.read(f); ++n) benchmark::DoNotOptimize(f.data);
  }
  state.counters["decode_ms"] = decode_ms(static_cast<int>(state.range(0)));
  state.counters["frames"] = static_cast<double>(n);
}

// Frigate's ImprovedMotionDetector on the clip's Y planes, ms per frame, by the driver in a
// child process; throws with what went wrong.
double frigate_ms(int width) {
  static const std::string how =
      "needs CCTV_FRIGATE_DIR=<a Frigate checkout> (git clone --depth 1 "
      "https://github.com/blakeblackshear/frigate DIR) and /usr/bin/python3 with "
      "python3-opencv python3-numpy python3-scipy";
  const std::string frigate = env_or("CCTV_FRIGATE_DIR", "");
  if (frigate.empty()) throw std::runtime_error("CCTV_FRIGATE_DIR is not set; " + how);
  const Clip& c = clip(width);
  const fs::path frames = clips().temp_dir / ("luma" + std::to_string(width) + ".y");
  std::ofstream out(frames, std::ios::binary);
  for (std::size_t k = 0; k < c.frames.size(); ++k) {
    const cv::Mat y = c.at(k).luma().clone();  // continuous
    out.write(reinterpret_cast<const char*>(y.data), static_cast<std::streamsize>(y.total()));
  }
  out.close();
  const cv::Size size = c.frames.front().size();
  const auto run = test::run_command(
      {"/usr/bin/python3", std::string(CCTV_SOURCE_DIR) + "/tests/bench/frigate_motion.py",
       "--frigate", frigate, "--frames", frames.string(), "--width", std::to_string(size.width),
       "--height", std::to_string(size.height)});
  double ms = 0;
  std::size_t n = 0;
  if (run.exit_code != 0 ||
      std::sscanf(run.out.c_str(), "frigate_motion_ms %lf frames %zu", &ms, &n) != 2 ||
      n != c.frames.size()) {
    std::string said = run.err.empty() ? run.out : run.err;
    said.erase(said.find_last_not_of("\n ") + 1);  // its last line: Python's error
    said.erase(0, said.find_last_of('\n') + 1);
    throw std::runtime_error("frigate_motion.py failed (exit " + std::to_string(run.exit_code) +
                             "): " + said + "; " + how);
  }
  return ms;
}

// Motion stages as the cameras run them (camera_analytics.cpp's motion_params) beside Frigate's.
void BM_MotionVsFrigate(benchmark::State& state) {
  cv::setNumThreads(1);
  const int width = static_cast<int>(state.range(0));
  const Clip& c = clip(width);
  double frigate = 0;
  try {
    frigate = frigate_ms(width);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  const cv::Size size = c.frames.front().size();
  const auto gate = motion_params(bench_camera("yolox", 3, size));
  const auto blob = motion_params(bench_camera("motion", 1, size));
  const auto pass = [&c](const MotionDetector::Params& p) {
    const auto detector = MotionDetector::create(p);
    const auto start = Clock::now();
    for (std::size_t k = 0; k < c.frames.size(); ++k)
      benchmark::DoNotOptimize(detector->apply(c.at(k).luma()));
    return ms_since(start) / static_cast<double>(c.frames.size());
  };
  double best = 1e300, best_blob = 1e300;
  for (auto _ : state) {
    best = std::min(best, pass(gate));
    best_blob = std::min(best_blob, pass(blob));
  }
  state.counters["motion_ms"] = best;
  state.counters["blob_motion_ms"] = best_blob;
  state.counters["frigate_ms"] = frigate;
  state.counters["x_frigate"] = best / frigate;
}

// Tamper detection beside the motion stage on the same Y planes (see the header).
void BM_TamperVsMotion(benchmark::State& state) {
  cv::setNumThreads(1);
  const Clip& c = clip(static_cast<int>(state.range(0)));
  const auto gate = motion_params(bench_camera("yolox", 3, c.frames.front().size()));
  std::vector<VideoFrame> frames;
  for (std::size_t k = 0; k < c.frames.size(); ++k) frames.push_back(c.at(k));
  double tamper = 1e300, motion = 1e300;
  for (auto _ : state) {
    const auto detector = TamperDetector::create({});
    double start = thread_cpu_ms();
    for (std::size_t k = 0; k < frames.size(); ++k)
      benchmark::DoNotOptimize(detector->update(frames[k].luma(), frame_ts(k)));
    tamper = std::min(tamper, (thread_cpu_ms() - start) / static_cast<double>(frames.size()));
    const auto baseline = MotionDetector::create(gate);
    start = thread_cpu_ms();
    for (const VideoFrame& f : frames) benchmark::DoNotOptimize(baseline->apply(f.luma()));
    motion = std::min(motion, (thread_cpu_ms() - start) / static_cast<double>(frames.size()));
  }
  state.counters["tamper_ms"] = tamper;
  state.counters["motion_ms"] = motion;
  state.counters["x_motion"] = tamper / motion;
}

// YOLOX's whole-frame look with OpenCV's layers and with ours (see the header).
void BM_YoloxKernels(benchmark::State& state) {
  cv::setNumThreads(1);
  if (yolox_missing(state, "yolox")) return;
  const std::vector<VideoFrame> frames = video_frames(static_cast<int>(state.range(0)));
  const DetectionArea whole;
  YoloxParams p;
  p.model = model_path();
  const auto fast = create_yolox_detector(p);
  std::unique_ptr<ObjectDetector> opencv;
  {
    const test::OpenCvOwnLayers own;
    opencv = create_yolox_detector(p);
  }
  const auto pass = [&](ObjectDetector& d) {
    const double start = thread_cpu_ms();
    for (const VideoFrame& f : frames) benchmark::DoNotOptimize(d.detect(f, {}, whole));
    return (thread_cpu_ms() - start) / static_cast<double>(frames.size());
  };
  double best_fast = 1e300, best_opencv = 1e300;
  for (auto _ : state) {
    best_opencv = std::min(best_opencv, pass(*opencv));
    best_fast = std::min(best_fast, pass(*fast));
  }
  state.counters["opencv_ms"] = best_opencv;
  state.counters["fast_ms"] = best_fast;
  state.counters["x_opencv"] = best_fast / best_opencv;
}

// Following people between detector runs (see the header): every confident YOLOX box of a
// frame followed into the next frame by image_shift, against the whole-frame look that found
// them.
void BM_FollowVsDetect(benchmark::State& state) {
  cv::setNumThreads(1);
  if (yolox_missing(state, "yolox")) return;
  const std::vector<VideoFrame> frames = video_frames(static_cast<int>(state.range(0)));
  YoloxParams p;
  p.model = model_path();
  const auto detector = create_yolox_detector(p);
  std::vector<std::vector<Box>> people(frames.size());
  double detect = 0;
  {
    const double start = thread_cpu_ms();
    for (std::size_t k = 0; k < frames.size(); ++k) {
      for (const Detection& d : detector->detect(frames[k], {}, DetectionArea{})) {
        if (d.score >= 0.5f) people[k].push_back(d.box);
      }
    }
    detect = (thread_cpu_ms() - start) / static_cast<double>(frames.size());
  }
  std::size_t followed = 0;
  double follow = 1e300;
  for (auto _ : state) {
    const double start = thread_cpu_ms();
    followed = 0;
    for (std::size_t k = 0; k + 1 < frames.size(); ++k) {
      for (const Box& b : people[k]) {
        followed += image_shift(frames[k].luma(), frames[k + 1].luma(), b).has_value();
      }
    }
    follow = std::min(follow, (thread_cpu_ms() - start) / static_cast<double>(frames.size() - 1));
  }
  std::size_t boxes = 0;
  for (const auto& f : people) boxes += f.size();
  state.counters["follow_ms"] = follow;
  state.counters["detect_ms"] = detect;
  state.counters["x_detect"] = follow / detect;
  state.counters["people_per_frame"] =
      static_cast<double>(boxes) / static_cast<double>(frames.size());
  state.counters["followed_share"] = static_cast<double>(followed) / static_cast<double>(boxes);
}

void args(benchmark::internal::Benchmark* b, bool intervals) {
  for (const int w : {kNative.width, kSmall.width}) {
    for (const int i : intervals ? std::vector<int>{1, 3, 5} : std::vector<int>{1}) b->Args({w, i});
  }
  b->ArgNames({"width", "interval"})->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_Decode)->Arg(768)->Arg(640)->ArgName("width")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MotionVsFrigate)
    ->Arg(768)
    ->Arg(640)
    ->ArgName("width")
    ->Iterations(5)  // best of 5 passes, as the driver
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TamperVsMotion)
    ->Arg(768)
    ->Arg(640)
    ->ArgName("width")
    ->Iterations(5)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_YoloxKernels)
    ->Arg(768)
    ->Arg(640)
    ->ArgName("width")
    ->Iterations(5)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FollowVsDetect)
    ->Arg(768)
    ->Arg(640)
    ->ArgName("width")
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Stages, motion, std::string("motion"))->Apply([](auto* b) { args(b, false); });
BENCHMARK_CAPTURE(BM_Stages, yolox, std::string("yolox"))->Apply([](auto* b) { args(b, true); });
BENCHMARK_CAPTURE(BM_Chain, motion, std::string("motion"))->Apply([](auto* b) { args(b, false); });
BENCHMARK_CAPTURE(BM_Chain, yolox, std::string("yolox"))->Apply([](auto* b) { args(b, true); });

}  // namespace
}  // namespace cctv::analytics

int main(int argc, char** argv) {
  cv::setNumThreads(1);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  cctv::analytics::clips();  // load (and say which frames) before the table starts
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::error_code ignored;
  std::filesystem::remove_all(cctv::analytics::clips().temp_dir, ignored);
  return 0;
}
