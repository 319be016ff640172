// SPDX-License-Identifier: Apache-2.0
// Everything one camera's frames go through: motion -> detector -> tracker -> zone rules, and
// the tamper detector (camera_tamper events) when the camera's `tamper` is enabled.
#pragma once

#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/analytics/detector_pool.hpp"
#include "cctv/analytics/motion_detector.hpp"
#include "cctv/analytics/types.hpp"
#include "cctv/analytics/video_frame.hpp"
#include "cctv/common/event.hpp"
#include "cctv/config/config.hpp"

namespace cctv::analytics {

// The motion stage's settings for a camera (processing size for its detector, motion mask).
MotionDetector::Params motion_params(const config::Camera& camera);

// How frames arrive: `every_frame` (a file analysed as fast as it can be: nothing may be
// skipped) or `live` (a camera: a detection the shared pool cannot start within half a frame
// period is skipped, the tracks carried forward, so the camera keeps up with its frames).
enum class Pace { every_frame, live };

class CameraAnalytics {
 public:
  // `zones`: the camera's zones. `pool`: the node's shared detector workers (must outlive
  // this); null: the model runs on the caller's thread. Throws std::invalid_argument for a
  // detector it cannot build.
  CameraAnalytics(const config::Camera& camera, const std::string& site,
                  const std::vector<config::Zone>& zones, DetectorPool* pool = nullptr);
  ~CameraAnalytics();
  CameraAnalytics(const CameraAnalytics&) = delete;
  CameraAnalytics& operator=(const CameraAnalytics&) = delete;

  // Deterministic at Pace::every_frame: the same frames with the same timestamps give the same
  // events. The detector runs only while a zone is armed or about to be (see watching()).
  std::vector<Event> process(const VideoFrame& frame, Timestamp ts, Pace pace = Pace::every_frame);

  // Ends every alarm still open (the zones' and tamper's) at the last frame's time, `why` as
  // each end's message: the camera leaves these zones (redeployed), and an alarm nothing will
  // ever end again must not stay active in the incident log.
  std::vector<Event> close(const std::string& why);

  // The people seen confidently on the last frame (Tracker::update), and those the zone rules
  // counted: them and the half hidden (Tracker::present).
  const std::vector<Track>& tracks() const;
  const std::vector<Track>& present() const;
  // The view the tamper detector last trusted (BGR, refreshed every kReferenceViewSeconds of
  // frame time while no tamper is suspected): a camera_tamper start's "before" picture. Empty
  // when tamper detection is off or before the first frame.
  const cv::Mat& tamper_reference() const;
  static constexpr double kReferenceViewSeconds = 30;
  // Detector runs, and those skipped at Pace::live because the pool was busy.
  DetectorFigures detector_figures() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::analytics
