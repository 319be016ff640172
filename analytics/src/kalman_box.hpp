// SPDX-License-Identifier: Apache-2.0
// Private: constant-velocity Kalman filter over a box's centre and size, with noise that
// scales with the box height (a near person moves more pixels than a far one).
#pragma once

#include <opencv2/core.hpp>

#include "cctv/common/geometry.hpp"

namespace cctv::analytics {

class KalmanBox {
 public:
  explicit KalmanBox(const Box& first);

  // Moves the state `dt_s` seconds ahead (dt_s >= 0).
  void predict(double dt_s);
  // Folds in a measured box; `size_doubt` (>= 1) scales the uncertainty of its size.
  void correct(const Box& measured, double size_doubt = 1);
  // Forgets how the size was changing: the box keeps its size until measured again.
  void keep_size();
  // Forgets all velocity: the box stays where it is, at its size, until measured again.
  void stop();
  Box box() const;

 private:
  cv::Matx<double, 8, 1> x_;  // cx, cy, w, h and their velocities per second
  cv::Matx<double, 8, 8> p_;
};

}  // namespace cctv::analytics
