// SPDX-License-Identifier: Apache-2.0
// YOLOX on the part of the frame DetectionRegion picks (around what moves) finds every moving
// person it finds on the whole frame, those at the crop's edges included: the crop saves time,
// never people. On PETS09 (OpenCV's vtest.avi) with the YOLOX-Nano model from ../shared; skips
// where either is absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "cctv/analytics/camera_analytics.hpp"
#include "cctv/analytics/object_detector.hpp"
#include "support/shared_data.hpp"

namespace cctv::analytics {
namespace {

const std::string kVideo = cctv::test::kPets09Video;
const std::string kModel = cctv::test::kYoloxNanoModel;
constexpr double kSureScore = 0.5;     // people the whole-frame look is sure of
constexpr double kMovingShare = 0.05;  // as CameraAnalytics: a box this much moving is moving
constexpr int kEvery = 20;             // frames between checks (7 fps: about 3 s)

TEST(Analytics_CropDetection, a_crop_around_motion_keeps_every_moving_person) {
  if (std::getenv("CCTV_SKIP_SLOW_TESTS")) GTEST_SKIP() << "CCTV_SKIP_SLOW_TESTS is set";
  for (const auto& f : {kVideo, kModel}) {
    if (!std::filesystem::exists(f)) GTEST_SKIP() << f << " is absent";
  }
  cv::VideoCapture video(kVideo);
  config::Camera camera{.id = "pets09"};
  camera.analytics.detector = "yolox";
  auto motion = MotionDetector::create(motion_params(camera));
  auto yolox = create_yolox_detector({.model = kModel});
  DetectionRegion region;
  const Timestamp t0 = *parse_utc("2009-03-01T12:00:00Z");
  region.next({}, {}, t0);  // the first look is always the whole frame
  int crops = 0, people = 0;
  cv::Mat bgr;
  for (int k = 0; video.read(bgr); ++k) {
    const VideoFrame frame(bgr);
    const Motion m = motion->apply(frame.luma());
    if (k % kEvery != kEvery - 1 || m.regions.empty()) continue;
    const Box look = region.next(m, {}, t0 + std::chrono::seconds(1));
    if (look.area() >= 1.0) continue;  // motion over most of the view: no crop to check
    ++crops;
    const auto in_crop = yolox->detect(frame, m, look);
    for (const Detection& whole : yolox->detect(frame, m, Box{0, 0, 1, 1})) {
      if (whole.score < kSureScore || motion_support(m, whole.box) < kMovingShare) continue;
      ++people;
      double best = 0;
      for (const Detection& d : in_crop) best = std::max(best, iou(d.box, whole.box));
      EXPECT_GE(best, 0.5) << "frame " << k << ": a moving person at (" << whole.box.x << ", "
                           << whole.box.y << ") lost by the crop (" << look.x << ", " << look.y
                           << ", " << look.w << " x " << look.h << ")";
    }
  }
  EXPECT_GT(crops, 5) << "too few frames were cropped to check anything";
  EXPECT_GT(people, 20);
}

}  // namespace
}  // namespace cctv::analytics
