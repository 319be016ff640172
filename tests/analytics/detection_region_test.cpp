// SPDX-License-Identifier: Apache-2.0
// Where the detector looks: around what moves and who is tracked, the whole frame when that is
// most of it, and the whole frame every few seconds anyway; and how small the people there are.
#include <gtest/gtest.h>

#include "cctv/analytics/object_detector.hpp"

namespace cctv::analytics {
namespace {

const Timestamp kT0 = *parse_utc("2026-11-23T10:00:00Z");
const Box kWholeFrame{0, 0, 1, 1};

Timestamp at(double s) {
  return kT0 + std::chrono::duration_cast<Millis>(std::chrono::duration<double>(s));
}

// A 320x180 motion mask with these moving areas (mask pixels).
Motion moving(std::vector<cv::Rect> regions) {
  return {cv::Mat::zeros(180, 320, CV_8U), std::move(regions), 0.01};
}

bool inside(const Box& inner, const Box& outer) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
         inner.y + inner.h <= outer.y + outer.h;
}

TEST(Analytics_DetectionRegion, the_first_look_takes_in_the_whole_frame) {
  DetectionRegion region;
  EXPECT_EQ(region.next(moving({{10, 10, 16, 40}}), {}, at(0)).region, kWholeFrame);
}

TEST(Analytics_DetectionRegion, looks_around_what_moves_and_who_is_tracked) {
  DetectionRegion region;
  region.next(moving({}), {}, at(0));
  const Box walker{0.1, 0.2, 0.05, 0.2};  // moving, at mask pixels (32, 36, 16, 36)
  const Box stayer{0.3, 0.3, 0.05, 0.2};  // standing still, tracked
  const Box look = region.next(moving({{32, 36, 16, 36}}), {stayer}, at(1)).region;
  EXPECT_TRUE(inside(walker, look));
  EXPECT_TRUE(inside(stayer, look));
  EXPECT_LT(look.area(), 0.6) << "far less than the whole frame";
  EXPECT_GE(look.x, 0.0);
  EXPECT_GE(look.y, 0.0);
}

TEST(Analytics_DetectionRegion, looks_at_the_whole_frame_when_motion_is_everywhere) {
  DetectionRegion region;
  region.next(moving({}), {}, at(0));
  EXPECT_EQ(region.next(moving({{5, 5, 20, 40}, {280, 120, 30, 50}}), {}, at(1)).region,
            kWholeFrame);
}

TEST(Analytics_DetectionRegion, looks_at_the_whole_frame_every_few_seconds) {
  DetectionRegion region;
  const Motion small = moving({{150, 80, 16, 36}});
  region.next(small, {}, at(0));
  EXPECT_NE(region.next(small, {}, at(1)).region, kWholeFrame);
  EXPECT_NE(region.next(small, {}, at(4.9)).region, kWholeFrame);
  EXPECT_EQ(region.next(small, {}, at(5.0)).region, kWholeFrame)
      << "someone standing still since the camera started is found too";
  EXPECT_NE(region.next(small, {}, at(5.2)).region, kWholeFrame);
}

TEST(Analytics_DetectionRegion, tells_the_height_of_the_smallest_person_there) {
  DetectionRegion region;
  EXPECT_EQ(region.next(moving({}), {}, at(0)).smallest_person, 0.0) << "nobody tracked";
  const Box near{0.1, 0.2, 0.08, 0.3}, far{0.2, 0.25, 0.03, 0.1};
  const DetectionArea area = region.next(moving({{32, 36, 16, 36}}), {near, far}, at(1));
  ASSERT_LT(area.region.area(), 0.6) << "a crop, not the whole frame";
  EXPECT_TRUE(inside(far, area.region));
  EXPECT_DOUBLE_EQ(area.smallest_person, 0.1);
  EXPECT_DOUBLE_EQ(region.next(moving({}), {near}, at(6)).smallest_person, 0.3)
      << "a whole-frame look too";
}

}  // namespace
}  // namespace cctv::analytics
