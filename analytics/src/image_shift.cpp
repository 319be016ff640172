// SPDX-License-Identifier: Apache-2.0
#include "image_shift.hpp"

#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

namespace cctv::analytics {
namespace {

// Corners to follow in a box: enough for a median that a few wrong ones do not move, few
// enough to cost little (each is one small window's flow, twice).
constexpr int kMaxCorners = 30;
constexpr double kCornerQuality = 0.01;
constexpr double kCornerSpacing = 3;  // px
constexpr int kMinPoints = 4;
// Optical flow window and pyramid: 15 px windows over three levels follow a point up to about
// 4 x 15 px between frames, a person walking at 2 m/s seen 2 m tall in 100 px at 6 fps moves
// 17 px. The crop around the box leaves that much room.
const cv::Size kWindow{15, 15};
constexpr int kPyramidLevels = 2;
constexpr int kMargin = 32;  // px around the box
// A point followed there and back must come within this of where it started (the
// forward-backward check of median flow): otherwise it slid along an edge or was hidden.
constexpr float kMaxRoundTrip = 1.0f;  // px
constexpr int kMinBoxSide = 6;         // px: smaller boxes hold no corners worth following

float median(std::vector<float> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace

std::optional<Point> image_shift(const cv::Mat& before, const cv::Mat& after, const Box& box) {
  const cv::Rect frame(0, 0, before.cols, before.rows);
  const cv::Rect inside = cv::Rect(cvRound(box.x * before.cols), cvRound(box.y * before.rows),
                                   cvRound(box.w * before.cols), cvRound(box.h * before.rows)) &
                          frame;
  if (inside.width < kMinBoxSide || inside.height < kMinBoxSide || after.size() != before.size())
    return std::nullopt;
  // Flow on a crop around the box: the pyramids are built for that only.
  const cv::Rect crop =
      (inside + cv::Size(2 * kMargin, 2 * kMargin) - cv::Point(kMargin, kMargin)) & frame;
  const cv::Mat a = before(crop), b = after(crop);
  std::vector<cv::Point2f> start;
  cv::goodFeaturesToTrack(before(inside), start, kMaxCorners, kCornerQuality, kCornerSpacing);
  if (static_cast<int>(start.size()) < kMinPoints) return std::nullopt;
  const cv::Point2f offset = inside.tl() - crop.tl();
  for (cv::Point2f& p : start) p += offset;
  std::vector<cv::Point2f> there, back;
  std::vector<unsigned char> found_there, found_back;
  std::vector<float> error;
  cv::calcOpticalFlowPyrLK(a, b, start, there, found_there, error, kWindow, kPyramidLevels);
  cv::calcOpticalFlowPyrLK(b, a, there, back, found_back, error, kWindow, kPyramidLevels);
  std::vector<float> dx, dy;
  for (std::size_t i = 0; i < start.size(); ++i) {
    if (found_there[i] && found_back[i] && cv::norm(back[i] - start[i]) <= kMaxRoundTrip) {
      dx.push_back(there[i].x - start[i].x);
      dy.push_back(there[i].y - start[i].y);
    }
  }
  // Most corners of a picture that moved come back; of a picture that changed, few do.
  if (static_cast<int>(dx.size()) < kMinPoints || dx.size() * 2 < start.size()) return std::nullopt;
  return Point{median(dx) / before.cols, median(dy) / before.rows};
}

}  // namespace cctv::analytics
