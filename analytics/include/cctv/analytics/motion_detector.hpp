// SPDX-License-Identifier: Apache-2.0
// Motion stage: a background model on a downscaled grey frame. Global brightness changes
// (clouds, lights switching on, camera gain) are compensated, not reported as motion.
#pragma once

#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/analytics/types.hpp"

namespace cctv::analytics {

class MotionDetector {
 public:
  struct Params {
    // Largest processing width: the frame is divided by the smallest whole factor that brings
    // it to this width or less (height keeps the aspect ratio).
    int width = 320;
    int threshold = 25;           // grey-level difference that counts as motion, 1..255
    double learning_rate = 0.02;  // background adaptation per frame where nothing moves, 0..1
    double min_region_fraction = 0.0005;  // smaller moving areas are noise, 0..1
    std::vector<Polygon> mask;  // normalised areas where motion is ignored (trees, a road)
  };

  virtual ~MotionDetector() = default;
  // `frame` is grey (e.g. a VideoFrame's luma) or BGR, any size; a size change re-initialises
  // the model.
  virtual Motion apply(const cv::Mat& frame) = 0;

  static std::unique_ptr<MotionDetector> create(const Params& params);
  static std::unique_ptr<MotionDetector> create() { return create(Params{}); }
};

// Share of `box` (normalised to the frame) that the motion mask marks as moving, 0..1.
double motion_support(const Motion& motion, const Box& box);

}  // namespace cctv::analytics
