// SPDX-License-Identifier: Apache-2.0
// Values passed between the analytics stages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/common/geometry.hpp"
#include "cctv/common/time.hpp"

namespace cctv::analytics {

// Height / width of a typical standing person: splits wide motion regions into people and
// turns horizontal feet distance into person heights in the tracker.
inline constexpr double kPersonAspect = 2.6;

// Output of the motion stage.
struct Motion {
  cv::Mat mask;  // CV_8U, 255 where the scene differs from the background (motion-frame size)
  std::vector<cv::Rect> regions;  // bounding boxes of moving areas, in mask pixels
  double fraction = 0;            // share of the mask that is moving, 0..1
};

// The class every detector can emit and every zone watches unless told otherwise.
inline const std::string kPersonLabel = "person";

// An object candidate from a detector, in normalised coordinates.
struct Detection {
  Box box;
  float score = 1.0f;  // 0..1; the tracker treats scores below its high threshold as weak
  std::string label = kPersonLabel;  // COCO class name, e.g. "person", "bicycle"
  std::vector<float> look;           // colours, filled in before tracking; empty: unknown
};

// A tracked object (usually a person).
struct Track {
  std::int64_t id = 0;
  Box box;
  Timestamp first_seen{};
  Timestamp last_seen{};  // last frame in which a detection was matched
  std::string label = kPersonLabel;
};

}  // namespace cctv::analytics
