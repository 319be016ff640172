// SPDX-License-Identifier: Apache-2.0
// Person detectors behind one interface.
#pragma once

#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/analytics/types.hpp"

namespace cctv::analytics {

class ObjectDetector {
 public:
  virtual ~ObjectDetector() = default;
  virtual std::vector<Detection> detect(const cv::Mat& frame, const Motion& motion) = 0;
};

// Person-sized blobs from the motion mask: no model needed.
struct MotionBlobParams {
  double min_height = 0.08;  // of frame height
  double max_height = 0.9;
  double min_aspect = 1.2;  // height / width of one person
  double max_aspect = 5.0;
};
std::unique_ptr<ObjectDetector> create_motion_blob_detector(const MotionBlobParams& params = {});

}  // namespace cctv::analytics
