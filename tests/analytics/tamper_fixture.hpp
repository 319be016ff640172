// SPDX-License-Identifier: Apache-2.0
// Tampering and its look-alikes applied to footage by OpenCV, and a run of footage through
// the camera's analytics collecting camera_tamper alarms: shared by the tamper tests and the
// accuracy measurement.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/common/time.hpp"
#include "cctv/config/config.hpp"

namespace cctv::test {

// Changes frame `bgr` shown `t` seconds into the footage.
using Alteration = std::function<void(cv::Mat& bgr, double t)>;

// Tamper from `onset` (seconds) to `removal`.
Alteration covered(double onset, double removal);    // a dark rectangle over 90% of the view
Alteration moved(double onset, double removal);      // shifted 15% and rotated 3 degrees
Alteration defocused(double onset, double removal);  // Gaussian blur, sigma 6 pixels
Alteration obscured(double onset, double removal);   // fog: 70% white blended in
// Controls from `onset`: brightness down to 40% over 3 s, held 10 s, back over 3 s; a grey
// bar 40% of the width sliding across the view for 4 s; monochrome from then on.
Alteration dimmed(double onset);
Alteration grey_bar(double onset);
Alteration monochrome(double onset);

struct TamperAlarm {
  std::string kind;
  double started_at = 0;  // seconds into the footage: the first frame seen tampered
  double raised = 0;      // the start event
  double ended = -1;      // the end event; -1 while open
  cv::Mat view;           // the frame that raised it (BGR)
  cv::Mat reference;      // CameraAnalytics::tamper_reference() then
};

// Each frame of `frames` (in order) altered, then through CameraAnalytics for a camera with
// `tamper`; the camera_tamper alarms it raised.
class TamperRun {
 public:
  explicit TamperRun(const config::TamperSettings& tamper);
  ~TamperRun();
  void frame(cv::Mat bgr, double t, const Alteration& alter);
  // CameraAnalytics::close: what is still open ends at the last frame's time; "kind: message"
  // of each tamper end.
  std::vector<std::string> close(const std::string& why);
  const std::vector<TamperAlarm>& alarms() const { return alarms_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<TamperAlarm> alarms_;
};

}  // namespace cctv::test
