// SPDX-License-Identifier: Apache-2.0
// Following the picture inside a box from one frame to the next (between detector runs).
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "../../analytics/src/image_shift.hpp"

namespace cctv::analytics {
namespace {

constexpr int kWidth = 640, kHeight = 360;

// A grey street with a textured person-sized patch at `at` (px).
cv::Mat scene(cv::Point at) {
  cv::Mat frame(kHeight, kWidth, CV_8UC1, cv::Scalar(110));
  cv::Mat patch(80, 30, CV_8UC1);
  cv::RNG rng(7);
  rng.fill(patch, cv::RNG::UNIFORM, 0, 255);
  cv::GaussianBlur(patch, patch, {3, 3}, 0);
  patch.copyTo(frame(cv::Rect(at, patch.size())));
  return frame;
}

Box box_at(cv::Point at) {
  return {static_cast<double>(at.x) / kWidth, static_cast<double>(at.y) / kHeight, 30.0 / kWidth,
          80.0 / kHeight};
}

TEST(Analytics_ImageShift, follows_a_person_walking_between_frames) {
  const cv::Point from{300, 150};
  for (const cv::Point step : {cv::Point(6, -2), cv::Point(-14, 3), cv::Point(0, 0)}) {
    const auto shift = image_shift(scene(from), scene(from + step), box_at(from));
    ASSERT_TRUE(shift) << step;
    EXPECT_NEAR(shift->x * kWidth, step.x, 0.5) << step;
    EXPECT_NEAR(shift->y * kHeight, step.y, 0.5) << step;
  }
}

TEST(Analytics_ImageShift, a_plain_or_tiny_box_is_not_followed) {
  const cv::Mat blank(kHeight, kWidth, CV_8UC1, cv::Scalar(110));
  EXPECT_FALSE(image_shift(blank, blank, box_at({300, 150}))) << "nothing to follow";
  const cv::Mat frame = scene({300, 150});
  EXPECT_FALSE(image_shift(frame, frame, {0.5, 0.5, 2.0 / kWidth, 4.0 / kHeight})) << "2x4 px";
  EXPECT_FALSE(image_shift(frame, frame, {1.2, 0.5, 0.1, 0.1})) << "outside the frame";
}

// The person walks off and another pattern takes the place: the points do not come back to
// where they started, so the box is not moved by what the flow made of it.
TEST(Analytics_ImageShift, a_picture_that_changed_completely_is_not_followed) {
  cv::Mat other(kHeight, kWidth, CV_8UC1);
  cv::RNG(99).fill(other, cv::RNG::UNIFORM, 0, 255);
  EXPECT_FALSE(image_shift(scene({300, 150}), other, box_at({300, 150})));
}

}  // namespace
}  // namespace cctv::analytics
