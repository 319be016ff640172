// SPDX-License-Identifier: Apache-2.0
// Camera tamper detection on the brightness plane: the view covered, moved, defocused or
// obscured. Each frame is reduced to a few cheap features on a 1/8-scale image and compared
// with a slowly refreshed reference of the scene; every comparison is a ratio to the reference
// (never an absolute level), so lights, night and day, camera gain and a switch to monochrome
// are not tamper. A tamper must persist for `min_duration` before it is reported, and it ends
// when the view has been back as long. Pure and deterministic: frame timestamps drive it.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include <opencv2/core.hpp>

#include "cctv/common/event.hpp"
#include "cctv/common/time.hpp"
#include "cctv/config/config.hpp"

namespace cctv::analytics {

enum class TamperKind {
  covered,    // most of the view dark or uniform (a hand, a bag, paint)
  moved,      // the scene no longer matches the reference (turned, shifted, rotated)
  defocused,  // fine detail gone while the layout still matches
  obscured,   // contrast lost over most of the view (fog, spray, a smeared lens)
};
std::string_view to_string(TamperKind k);

// A tamper alarm starting or ending.
struct TamperChange {
  EventPhase phase = EventPhase::start;  // start | end
  TamperKind kind = TamperKind::covered;
  Timestamp started_at{};  // the first frame seen tampered
};

// What one frame looked like against the reference (tests, benchmarks, tuning).
struct TamperVerdict {
  std::optional<TamperKind> kind;  // none: the view looks like the reference
  double covered = 0;              // share of textured cells without edges, 0..1
  double obscured = 0;             // share of textured cells whose contrast collapsed, 0..1
  double mismatched = 0;           // share of the others whose edges moved, 0..1
  double sharpness = 1;            // fine-detail ratio to the reference
};

class TamperDetector {
 public:
  struct Params {
    Millis min_duration{5000};  // persistence before start and before end
    config::TamperSensitivity sensitivity = config::TamperSensitivity::medium;
  };
  static Params params_of(const config::TamperSettings& settings);

  virtual ~TamperDetector() = default;
  // `luma`: a frame's brightness plane (CV_8UC1), any size; a size change restarts learning.
  // Returns the alarm starting or ending on this frame, if it does.
  virtual std::optional<TamperChange> update(const cv::Mat& luma, Timestamp ts) = 0;
  // The verdict on the last frame.
  virtual const TamperVerdict& last() const = 0;
  // True while the view is trusted as the reference: no tamper suspected or open.
  virtual bool view_clear() const = 0;

  static std::unique_ptr<TamperDetector> create(const Params& params);
};

}  // namespace cctv::analytics
