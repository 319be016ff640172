// SPDX-License-Identifier: Apache-2.0
// A person's colours: the same clothes match at another size and in shade; another top, or the
// same colours swapped between top and legs, do not; a box too small says nothing.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "../../analytics/src/appearance.hpp"

namespace cctv::analytics {
namespace {

// A 640x360 grey street with one person: `top` over `legs`, `height` pixels tall, feet at
// (x, 300), brightness scaled by `light`; returns the box around them.
Box draw_person(cv::Mat& image, int x, int height, cv::Scalar top, cv::Scalar legs,
                double light = 1.0) {
  const int w = height * 2 / 5, y = 300 - height;
  cv::rectangle(image, cv::Rect(x, y, w, height / 2), top * light, cv::FILLED);
  cv::rectangle(image, cv::Rect(x, y + height / 2, w, height - height / 2), legs * light,
                cv::FILLED);
  cv::circle(image, {x + w / 2, y + height / 12}, height / 12, cv::Scalar(140, 160, 200) * light,
             cv::FILLED);
  return {static_cast<double>(x) / image.cols, static_cast<double>(y) / image.rows,
          static_cast<double>(w) / image.cols, static_cast<double>(height) / image.rows};
}

const cv::Scalar kRed(40, 40, 200), kBlue(200, 60, 30), kNavy(90, 30, 20), kWhite(235, 235, 235);

std::vector<float> look_of(cv::Scalar top, cv::Scalar legs, int height = 120, double light = 1) {
  cv::Mat street(360, 640, CV_8UC3, cv::Scalar(110, 110, 110));
  const Box box = draw_person(street, 200, height, top, legs, light);
  return describe_appearance(street, box);
}

TEST(Analytics_Appearance, the_same_clothes_match_at_another_size_and_in_shade) {
  const auto near = look_of(kRed, kNavy, 160), far = look_of(kRed, kNavy, 60);
  const auto shaded = look_of(kRed, kNavy, 120, 0.7);
  ASSERT_FALSE(near.empty());
  EXPECT_LT(appearance_distance(near, far), 0.3);
  EXPECT_LT(appearance_distance(near, shaded), 0.5);
}

TEST(Analytics_Appearance, other_clothes_do_not_match) {
  const auto red_top = look_of(kRed, kNavy), blue_top = look_of(kBlue, kNavy);
  // Half the person differs: about half way (the parts weigh the same).
  EXPECT_NEAR(appearance_distance(red_top, blue_top), 0.5, 0.1);
  EXPECT_GT(appearance_distance(red_top, look_of(kWhite, kWhite)), 0.75);
  // The same two colours, top and legs swapped: another person.
  EXPECT_GT(appearance_distance(look_of(kWhite, kNavy), look_of(kNavy, kWhite)), 0.75);
  EXPECT_NEAR(appearance_distance(red_top, red_top), 0.0, 1e-6);
}

TEST(Analytics_Appearance, a_box_too_small_or_outside_the_frame_says_nothing) {
  cv::Mat street(360, 640, CV_8UC3, cv::Scalar(110, 110, 110));
  EXPECT_TRUE(describe_appearance(street, Box{0.5, 0.5, 0.005, 0.01}).empty());
  EXPECT_TRUE(describe_appearance(street, Box{1.2, 0.5, 0.1, 0.3}).empty());
  EXPECT_DOUBLE_EQ(appearance_distance({}, look_of(kRed, kNavy)), 1.0)
      << "unknown is unlike anyone";
}

TEST(Analytics_Appearance, a_model_learns_towards_what_it_sees) {
  std::vector<float> model;
  const auto red = look_of(kRed, kNavy), blue = look_of(kBlue, kNavy);
  blend_appearance(model, red, 0.1);
  EXPECT_EQ(model, red) << "an empty model takes the first view whole";
  blend_appearance(model, blue, 0.5);
  EXPECT_LT(appearance_distance(model, blue), appearance_distance(red, blue));
}

}  // namespace
}  // namespace cctv::analytics
