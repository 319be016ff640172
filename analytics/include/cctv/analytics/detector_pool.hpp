// SPDX-License-Identifier: Apache-2.0
// The object detectors of a camera node: one single-threaded worker per core, shared by every
// camera, instead of a model per camera competing for the cores. A camera hands over one frame
// at a time and waits for its detections (so replaying a file gives the same events at any
// speed). Workers serve the camera that has waited longest since it was last served, so a
// busy camera never starves a quiet one, and a quiet camera that suddenly sees someone is
// served next. A request not started within the camera's patience is withdrawn and counted
// as skipped: the camera carries its tracks forward instead of falling behind its frames. Such
// a live request is seen at the frame's scale (no closer look at small people, DetectionArea)
// when others are waiting.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cctv/analytics/object_detector.hpp"
#include "cctv/common/thread_priority.hpp"

namespace cctv::analytics {

struct DetectorFigures {
  std::uint64_t runs = 0;     // detector runs done
  std::uint64_t skipped = 0;  // runs withdrawn because no worker was free in time
};

class DetectorPool {
 public:
  struct Params {
    int workers = 0;                   // 0: one per core
    int worker_nice = kAnalyticsNice;  // yield the cores to capture and recording (0: as callers)
  };
  using Factory = std::function<std::unique_ptr<ObjectDetector>()>;

  // Also sets OpenCV to one thread for the whole process: the workers (and the cameras) are
  // the parallelism, OpenCV's own threads would only contend with them.
  explicit DetectorPool(Params params);
  DetectorPool() : DetectorPool(Params{}) {}
  ~DetectorPool();  // finishes the running jobs; waiting callers get nullopt
  DetectorPool(const DetectorPool&) = delete;
  DetectorPool& operator=(const DetectorPool&) = delete;

  // Makes detector `key` for every worker, once per key (later calls with the same key do
  // nothing). Throws what `make` throws (e.g. a model that cannot be read).
  void add_detector(const std::string& key, const Factory& make);

  // Runs detector `key` on the frame on a worker and returns its detections; nullopt when no
  // worker started it within `patience` (counted as skipped for `camera`) or the pool is
  // stopping. Blocks the caller meanwhile. `patience` of zero or less: wait as long as it takes.
  std::optional<std::vector<Detection>> detect(const std::string& camera, const std::string& key,
                                               const VideoFrame& frame, const Motion& motion,
                                               const DetectionArea& area,
                                               std::chrono::milliseconds patience);

  DetectorFigures figures(const std::string& camera) const;
  int workers() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::analytics
