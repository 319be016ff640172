// SPDX-License-Identifier: Apache-2.0
// Everything one camera's frames go through: motion -> detector -> tracker -> zone rules.
#pragma once

#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/analytics/motion_detector.hpp"
#include "cctv/analytics/types.hpp"
#include "cctv/analytics/video_frame.hpp"
#include "cctv/common/event.hpp"
#include "cctv/config/config.hpp"

namespace cctv::analytics {

// The motion stage's settings for a camera (processing size for its detector, motion mask).
MotionDetector::Params motion_params(const config::Camera& camera);

class CameraAnalytics {
 public:
  // `zones`: the camera's zones. Throws std::invalid_argument for a detector it cannot build.
  CameraAnalytics(const config::Camera& camera, const std::string& site,
                  const std::vector<config::Zone>& zones);
  ~CameraAnalytics();
  CameraAnalytics(const CameraAnalytics&) = delete;
  CameraAnalytics& operator=(const CameraAnalytics&) = delete;

  // Deterministic: the same frames with the same timestamps give the same events.
  std::vector<Event> process(const VideoFrame& frame, Timestamp ts);

  const std::vector<Track>& tracks() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::analytics
