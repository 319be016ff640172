// SPDX-License-Identifier: Apache-2.0
// A frame handed over as I420 gives the BGR of one area without converting the whole frame, and
// the same pixels as the whole frame's conversion there, at odd corners and edges too.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "cctv/analytics/video_frame.hpp"

namespace cctv::analytics {
namespace {

cv::Mat camera_i420(cv::Size size) {
  cv::Mat bgr(size, CV_8UC3);
  cv::randu(bgr, 0, 256);
  cv::GaussianBlur(bgr, bgr, {5, 5}, 0);  // colours that vary within a 2x2 chroma cell too
  cv::Mat i420;
  cv::cvtColor(bgr, i420, cv::COLOR_BGR2YUV_I420);
  return i420;
}

TEST(Analytics_VideoFrame, an_areas_colours_are_the_whole_frames_there) {
  const cv::Mat i420 = camera_i420({64, 48});
  const cv::Mat whole = VideoFrame::from_i420(i420).bgr();
  for (const cv::Rect area :
       {cv::Rect(0, 0, 64, 48), cv::Rect(3, 5, 7, 9), cv::Rect(10, 20, 2, 2),
        cv::Rect(63, 47, 1, 1), cv::Rect(57, 41, 20, 20), cv::Rect(-4, -3, 9, 8)}) {
    const VideoFrame fresh = VideoFrame::from_i420(i420.clone());
    const cv::Mat part = fresh.bgr(area);
    const cv::Rect inside = area & cv::Rect(0, 0, 64, 48);
    ASSERT_EQ(part.size(), inside.size()) << area;
    EXPECT_EQ(cv::norm(part, whole(inside), cv::NORM_INF), 0) << area;
  }
  EXPECT_TRUE(VideoFrame::from_i420(i420).bgr(cv::Rect(70, 10, 5, 5)).empty());
}

TEST(Analytics_VideoFrame, an_area_alone_is_converted_alone) {
  const VideoFrame frame = VideoFrame::from_i420(camera_i420({640, 360}));
  const cv::Mat part = frame.bgr(cv::Rect(101, 51, 40, 100));
  const auto bytes = static_cast<std::size_t>(part.datalimit - part.datastart);
  EXPECT_LE(bytes, 42u * 102u * 3u) << "the area's 2x2-cell block, not the 640x360 frame";
  // Once the whole frame has been made, areas are views of it.
  const cv::Mat& whole = frame.bgr();
  EXPECT_EQ(frame.bgr(cv::Rect(101, 51, 40, 100)).datastart, whole.datastart);
  // An area that is the whole frame makes the whole frame, kept like bgr()'s.
  const VideoFrame other = VideoFrame::from_i420(camera_i420({640, 360}));
  EXPECT_EQ(other.bgr(cv::Rect(-5, 0, 700, 400)).datastart, other.bgr().datastart);
}

TEST(Analytics_VideoFrame, a_padded_i420_image_gives_the_same_areas) {
  const cv::Mat i420 = camera_i420({64, 48});
  cv::Mat wider(i420.rows, i420.cols + 16, CV_8UC1, cv::Scalar(0));
  i420.copyTo(wider.colRange(0, i420.cols));
  const cv::Mat padded = wider.colRange(0, i420.cols);  // rows 80 bytes apart, not 64
  ASSERT_FALSE(padded.isContinuous());
  const cv::Rect area(9, 7, 20, 15);
  EXPECT_EQ(cv::norm(VideoFrame::from_i420(padded).bgr(area),
                     VideoFrame::from_i420(i420).bgr()(area), cv::NORM_INF),
            0);
}

TEST(Analytics_VideoFrame, bgr_and_grey_frames_give_areas_of_themselves) {
  cv::Mat bgr(20, 30, CV_8UC3);
  cv::randu(bgr, 0, 256);
  EXPECT_EQ(
      cv::norm(VideoFrame(bgr).bgr(cv::Rect(3, 4, 5, 6)), bgr(cv::Rect(3, 4, 5, 6)), cv::NORM_INF),
      0);
  const cv::Mat grey(20, 30, CV_8UC1, cv::Scalar(77));
  const cv::Mat from_grey = VideoFrame(grey).bgr(cv::Rect(1, 1, 4, 4));
  ASSERT_EQ(from_grey.type(), CV_8UC3);
  EXPECT_EQ(from_grey.at<cv::Vec3b>(2, 2), cv::Vec3b(77, 77, 77));
}

}  // namespace
}  // namespace cctv::analytics
