// SPDX-License-Identifier: Apache-2.0
// The motion stage on made-up frames: a textured still scene with sensor noise, someone
// walking across it, a first frame that is not the scene, and the scene changing at once.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "cctv/analytics/motion_detector.hpp"

namespace cctv::analytics {
namespace {

const cv::Size kSize{640, 360};

// 40 px blocks, each dark (40-90) or bright (165-215): the inverted scene differs everywhere.
cv::Mat still_scene() {
  cv::Mat scene(kSize, CV_8UC1);
  cv::RNG rng(7);
  for (int y = 0; y < kSize.height; y += 40) {
    for (int x = 0; x < kSize.width; x += 40) {
      const int level = (rng.uniform(0, 2) == 0 ? 40 : 165) + rng.uniform(0, 51);
      scene(cv::Rect(x, y, 40, 40) & cv::Rect({}, kSize)).setTo(level);
    }
  }
  cv::GaussianBlur(scene, scene, {0, 0}, 1.5);
  return scene;
}

// The scene with fresh sensor noise, and a person-sized block at `x` if x >= 0.
cv::Mat frame(const cv::Mat& scene, int k, int x = -1) {
  cv::Mat f = scene.clone();
  cv::Mat noise(kSize, CV_16SC1);
  cv::RNG(100 + k).fill(noise, cv::RNG::NORMAL, 0, 2.5);
  cv::add(f, noise, f, cv::noArray(), CV_8U);
  if (x >= 0) cv::rectangle(f, cv::Rect(x, 150, 30, 80), cv::Scalar(20), cv::FILLED);
  return f;
}

TEST(Analytics_MotionDetector, a_still_noisy_scene_has_no_motion_and_a_walker_does) {
  const cv::Mat scene = still_scene();
  auto motion = MotionDetector::create({.width = 160});
  for (int k = 0; k < 20; ++k) EXPECT_TRUE(motion->apply(frame(scene, k)).regions.empty()) << k;
  const Motion m = motion->apply(frame(scene, 20, 300));
  ASSERT_EQ(m.regions.size(), 1u);
  EXPECT_NEAR(m.regions[0].x * 4, 300, 8);  // 640 -> 160: a quarter
}

TEST(Analytics_MotionDetector, a_half_grey_first_frame_is_forgotten_within_two_seconds) {
  // A stream joined between keyframes decodes grey where it has no picture yet.
  const cv::Mat scene = still_scene();
  auto motion = MotionDetector::create({.width = 160});
  cv::Mat first = scene.clone();
  first.rowRange(kSize.height / 2, kSize.height).setTo(128);
  motion->apply(first);
  int k = 1;
  for (; k < 30 && motion->apply(frame(scene, k)).fraction > 0; ++k) {
  }
  EXPECT_LT(k, 12) << "still moving after " << k << " frames of the real scene";
  for (int j = 0; j < 30; ++j) EXPECT_EQ(motion->apply(frame(scene, k + j)).fraction, 0) << j;
  EXPECT_EQ(motion->apply(frame(scene, 99, 300)).regions.size(), 1u) << "and sees people again";
}

TEST(Analytics_MotionDetector, the_whole_view_changing_at_once_is_a_new_scene_not_motion) {
  const cv::Mat scene = still_scene();
  auto motion = MotionDetector::create({.width = 160});
  for (int k = 0; k < 20; ++k) motion->apply(frame(scene, k));
  const cv::Mat other = 255 - scene;  // the camera turned, or switched to infrared
  EXPECT_TRUE(motion->apply(frame(other, 20)).regions.empty());
  int k = 21;
  for (; k < 50 && motion->apply(frame(other, k)).fraction > 0; ++k) {
  }
  EXPECT_LT(k, 27);
}

}  // namespace
}  // namespace cctv::analytics
