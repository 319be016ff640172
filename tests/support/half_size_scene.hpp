// SPDX-License-Identifier: Apache-2.0
// A wider view of smaller people made from real footage: each frame shrunk to half in the
// middle of a grey frame of the same size (PETS09's people 19-55 px tall instead of 38-110).
// The same scene as tests/data/pets09-half-zones.yaml and scripts/eval_views.sh describe.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace cctv::test {

inline constexpr double kHalfSizeShrink = 0.5;

// `frame` shrunk to half in the middle of a grey frame of its size.
inline cv::Mat half_size_frame(const cv::Mat& frame) {
  cv::Mat out(frame.size(), frame.type(), cv::Scalar::all(112));
  const cv::Size half(frame.cols / 2, frame.rows / 2);
  cv::resize(frame, out(cv::Rect({frame.cols / 4, frame.rows / 4}, half)), half, 0, 0,
             cv::INTER_AREA);
  return out;
}

// Where a position along a side of length `side` (pixels, or 1 when normalised) lands in the
// half-size frame; a length along it is simply halved.
inline double to_half_size(double position, double side) {
  return position * kHalfSizeShrink + side * (1 - kHalfSizeShrink) / 2;
}

}  // namespace cctv::test
