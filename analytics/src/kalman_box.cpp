// SPDX-License-Identifier: Apache-2.0
#include "kalman_box.hpp"

#include <algorithm>

namespace cctv::analytics {
namespace {

// Standard deviations as fractions of the box height (per second for velocities and for the
// process noise), in the spirit of SORT/ByteTrack's height-scaled noise.
constexpr double kMeasurementStd = 0.05;
constexpr double kInitialVelocityStd = 1.0;  // people walk about one body height per second
constexpr double kPositionNoisePerSecond = 0.15;
constexpr double kVelocityNoisePerSecond = 0.5;
// A person's height in the image changes only as they walk towards or away from the camera:
// at 1.4 m/s and 5 m or more away, by at most about a quarter of it a second, reached within
// a second of turning. Where they go changes about twice as fast (kVelocityNoisePerSecond).
constexpr double kSizeVelocityNoisePerSecond = 0.25;
constexpr double kMinSize = 1e-4;  // a box never shrinks below this (normalised)

using Vec8 = cv::Matx<double, 8, 1>;
using Mat8 = cv::Matx<double, 8, 8>;
using Mat48 = cv::Matx<double, 4, 8>;

Mat48 observation() {
  Mat48 h = Mat48::zeros();
  for (int i = 0; i < 4; ++i) h(i, i) = 1;
  return h;
}

cv::Matx<double, 4, 4> measurement_noise(double height) {
  const double s = kMeasurementStd * height;
  return cv::Matx<double, 4, 4>::eye() * (s * s);
}

}  // namespace

KalmanBox::KalmanBox(const Box& first) : x_(Vec8::zeros()), p_(Mat8::zeros()) {
  x_(0) = first.x + first.w / 2;
  x_(1) = first.y + first.h / 2;
  x_(2) = first.w;
  x_(3) = first.h;
  const double pos = 2 * kMeasurementStd * first.h, vel = kInitialVelocityStd * first.h;
  for (int i = 0; i < 4; ++i) {
    p_(i, i) = pos * pos;
    p_(i + 4, i + 4) = vel * vel;
  }
}

void KalmanBox::predict(double dt_s) {
  if (dt_s <= 0) return;
  Mat8 f = Mat8::eye();
  for (int i = 0; i < 4; ++i) f(i, i + 4) = dt_s;
  const double h = x_(3);
  const double qp = kPositionNoisePerSecond * h, qv = kVelocityNoisePerSecond * h;
  const double qs = kSizeVelocityNoisePerSecond * h;
  Mat8 q = Mat8::zeros();
  for (int i = 0; i < 4; ++i) {
    const double velocity_noise = i < 2 ? qv : qs;  // centre, then size
    q(i, i) = qp * qp * dt_s;
    q(i + 4, i + 4) = velocity_noise * velocity_noise * dt_s;
  }
  x_ = f * x_;
  p_ = f * p_ * f.t() + q;
  x_(2) = std::max(x_(2), kMinSize);
  x_(3) = std::max(x_(3), kMinSize);
}

void KalmanBox::correct(const Box& m, double size_doubt) {
  const Mat48 h = observation();
  const cv::Matx<double, 4, 1> z(m.x + m.w / 2, m.y + m.h / 2, m.w, m.h);
  cv::Matx<double, 4, 4> r = measurement_noise(m.h);
  r(2, 2) *= size_doubt * size_doubt;
  r(3, 3) *= size_doubt * size_doubt;
  const cv::Matx<double, 4, 4> s = h * p_ * h.t() + r;
  const cv::Matx<double, 8, 4> k = p_ * h.t() * s.inv(cv::DECOMP_CHOLESKY);
  x_ += k * (z - h * x_);
  p_ = (Mat8::eye() - k * h) * p_;
}

void KalmanBox::keep_size() { x_(6) = x_(7) = 0; }

void KalmanBox::stop() {
  keep_size();
  x_(4) = x_(5) = 0;
}

Box KalmanBox::box() const {
  const double w = std::max(x_(2), kMinSize), h = std::max(x_(3), kMinSize);
  return {x_(0) - w / 2, x_(1) - h / 2, w, h};
}

}  // namespace cctv::analytics
