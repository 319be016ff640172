// SPDX-License-Identifier: Apache-2.0
// Values passed between the analytics stages.
#pragma once

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/common/geometry.hpp"
#include "cctv/common/time.hpp"

namespace cctv::analytics {

// Output of the motion stage.
struct Motion {
  cv::Mat mask;  // CV_8U, 255 where the scene differs from the background (motion-frame size)
  std::vector<cv::Rect> regions;  // bounding boxes of moving areas, in mask pixels
  double fraction = 0;  // share of the mask that is moving, 0..1
};

// A person candidate from a detector, in normalised coordinates.
struct Detection {
  Box box;
  float score = 1.0f;
};

// A tracked person.
struct Track {
  std::int64_t id = 0;
  Box box;
  Timestamp first_seen{};
  Timestamp last_seen{};  // last frame in which a detection was matched
};

}  // namespace cctv::analytics
