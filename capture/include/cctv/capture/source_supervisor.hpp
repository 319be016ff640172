// SPDX-License-Identifier: Apache-2.0
// Keeps one camera running: retries failed connection attempts with capped exponential
// backoff, watches for frames, and reports the camera going offline and coming back.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "cctv/capture/source.hpp"

namespace cctv::capture {

enum class CameraState {
  starting,  // no frame yet since the supervisor started
  online,    // frames are arriving
  offline,   // no frame for offline_after_s
  ended,     // a finite source (file without loop) played to its end
  stopped,
};
const char* to_string(CameraState state);

// What the supervisor tells its owner. Called from the supervisor's threads; keep it short.
class HealthListener {
 public:
  virtual ~HealthListener() = default;
  // No frame since `since` (the last frame, or when supervision began) for offline_after_s.
  virtual void on_camera_offline(const std::string& camera, Timestamp since) = 0;
  // Frames are back after an offline report; outage_s runs from the last frame before the
  // outage to the first one after it.
  virtual void on_camera_online(const std::string& camera, double outage_s) = 0;
  // A connection attempt failed. Repeats of the same message are not reported again until
  // the camera has been healthy in between.
  virtual void on_camera_error(const std::string& camera, const std::string& message) = 0;
};

struct SupervisorParams {
  SourceParams source;               // recording settings; `counters` is supplied by the supervisor
  HealthListener* health = nullptr;  // optional; must outlive the supervisor
  std::chrono::milliseconds backoff_initial{1000};  // wait after the first failure, doubling ...
  std::chrono::milliseconds backoff_max{30000};     // ... up to this
  std::chrono::milliseconds healthy_after{
      10000};  // an attempt delivering frames this long resets the backoff
};

// A snapshot of one camera's figures, for the console and /metrics.
struct CameraFigures {
  std::string camera;
  CameraState state = CameraState::starting;
  double fps_in = 0;        // main-stream frames per second, over the last second or so
  double fps_out = 0;       // frames per second handed to analytics
  double bitrate_kbps = 0;  // recording branch
  std::uint64_t frames_in = 0;
  std::uint64_t frames_out = 0;
  std::uint64_t frames_dropped = 0;
  std::uint64_t recorded_bytes = 0;
  std::optional<Timestamp> last_frame;
  std::optional<std::string> last_error;
  int attempts = 0;  // connection attempts started
};

class SourceSupervisor {
 public:
  // Starts supervising at once. Throws std::invalid_argument if the camera's URL cannot be
  // served (see create_source). `sink` must outlive the supervisor.
  SourceSupervisor(const config::Camera& camera, FrameSink& sink, SupervisorParams params);
  ~SourceSupervisor();  // stop()
  SourceSupervisor(const SourceSupervisor&) = delete;
  SourceSupervisor& operator=(const SourceSupervisor&) = delete;

  // Asks the attempt to stop and returns at once: call it on every camera first, then stop()
  // each, so that they wind down together rather than one after another.
  void request_stop();
  // Stops the attempt (closing its open recording segment) and joins the threads by `deadline`.
  // A pipeline that has not stopped by then (a GStreamer element that never reaches NULL) is
  // abandoned: reported, cut off from the sink and listeners, and left to end on its own thread;
  // its open segment is recovered when the node next starts. False if abandoned. Idempotent.
  bool stop(std::chrono::steady_clock::time_point deadline);
  bool stop();  // within kStopWait
  static constexpr std::chrono::seconds kStopWait{6};
  // Thread-safe, any time.
  CameraFigures figures() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with the attempt thread, which may outlive an abandon
};

}  // namespace cctv::capture
