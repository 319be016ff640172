// SPDX-License-Identifier: Apache-2.0
#include "cctv/analytics/motion_detector.hpp"

namespace cctv::analytics {

double motion_support(const Motion& motion, const Box& box) {
  const cv::Rect all(0, 0, motion.mask.cols, motion.mask.rows);
  const cv::Rect r = cv::Rect(cvFloor(box.x * all.width), cvFloor(box.y * all.height),
                              cvCeil(box.w * all.width), cvCeil(box.h * all.height)) &
                     all;
  if (r.area() == 0) return 0;
  return static_cast<double>(cv::countNonZero(motion.mask(r))) / r.area();
}

}  // namespace cctv::analytics
