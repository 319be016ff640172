// SPDX-License-Identifier: Apache-2.0
#include "image_shift.hpp"

#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

namespace cctv::analytics {
namespace {

// Corners to follow in a box: enough for a median that a few wrong ones do not move, few
// enough to cost little (each is one small window's flow, there and back).
constexpr int kMaxCorners = 20;
constexpr double kCornerQuality = 0.01;
constexpr double kCornerSpacing = 3;  // px
constexpr int kMinPoints = 4;
// Each point is sought from where the motion model expects it, so the flow only covers the
// model's error (a third of a width two frames on, about 10 px on PETS09's 30 px walkers):
// 9 px windows over two pyramid levels reach about 8 px, twice that at half size.
const cv::Size kWindow{9, 9};
constexpr int kPyramidLevels = 1;
const cv::TermCriteria kStop{cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 10, 0.03};
constexpr int kMargin = 32;  // px of picture around the box for the windows to search
// A point followed there and back must come within this of where it started (the
// forward-backward check of median flow): otherwise it slid along an edge or was hidden.
constexpr float kMaxRoundTrip = 1.0f;  // px
constexpr int kMinBoxSide = 6;         // px: smaller boxes hold no corners worth following
// A person this tall (px) or taller is followed at half size, still 24 px tall: their shift
// needs no finer detail, and it costs a quarter.
constexpr int kHalveFrom = 48;

float median(std::vector<float> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace

std::optional<Point> image_shift(const cv::Mat& before, const cv::Mat& after, const Box& box,
                                 Point expected) {
  const cv::Rect frame(0, 0, before.cols, before.rows);
  const cv::Rect inside = cv::Rect(cvRound(box.x * before.cols), cvRound(box.y * before.rows),
                                   cvRound(box.w * before.cols), cvRound(box.h * before.rows)) &
                          frame;
  if (inside.width < kMinBoxSide || inside.height < kMinBoxSide || after.size() != before.size())
    return std::nullopt;
  // Flow on a crop around the box: the pyramids are built for that only.
  const cv::Rect crop =
      (inside + cv::Size(2 * kMargin, 2 * kMargin) - cv::Point(kMargin, kMargin)) & frame;
  const double scale = inside.height >= kHalveFrom ? 0.5 : 1.0;
  cv::Mat a = before(crop), b = after(crop);
  if (scale < 1) {
    cv::resize(a, a, {}, scale, scale, cv::INTER_AREA);
    cv::resize(b, b, {}, scale, scale, cv::INTER_AREA);
  }
  const cv::Rect box_in_crop(
      cv::Point(cvRound((inside.x - crop.x) * scale), cvRound((inside.y - crop.y) * scale)),
      cv::Size(cvRound(inside.width * scale), cvRound(inside.height * scale)));
  std::vector<cv::Point2f> start;
  cv::goodFeaturesToTrack(a(box_in_crop & cv::Rect({}, a.size())), start, kMaxCorners,
                          kCornerQuality, kCornerSpacing);
  if (static_cast<int>(start.size()) < kMinPoints) return std::nullopt;
  for (cv::Point2f& p : start) p += cv::Point2f(box_in_crop.tl());
  // Each point is sought first where the motion model expects it, and back where it started.
  const cv::Point2f guess(static_cast<float>(expected.x * before.cols * scale),
                          static_cast<float>(expected.y * before.rows * scale));
  std::vector<cv::Point2f> there, back = start;
  for (const cv::Point2f& p : start) there.push_back(p + guess);
  std::vector<unsigned char> found_there, found_back;
  std::vector<float> error;
  cv::calcOpticalFlowPyrLK(a, b, start, there, found_there, error, kWindow, kPyramidLevels, kStop,
                           cv::OPTFLOW_USE_INITIAL_FLOW);
  cv::calcOpticalFlowPyrLK(b, a, there, back, found_back, error, kWindow, kPyramidLevels, kStop,
                           cv::OPTFLOW_USE_INITIAL_FLOW);
  std::vector<float> dx, dy;
  for (std::size_t i = 0; i < start.size(); ++i) {
    if (found_there[i] && found_back[i] && cv::norm(back[i] - start[i]) <= kMaxRoundTrip) {
      dx.push_back(there[i].x - start[i].x);
      dy.push_back(there[i].y - start[i].y);
    }
  }
  // Most corners of a picture that moved come back; of a picture that changed, few do.
  if (static_cast<int>(dx.size()) < kMinPoints || dx.size() * 2 < start.size()) return std::nullopt;
  return Point{median(dx) / scale / before.cols, median(dy) / scale / before.rows};
}

}  // namespace cctv::analytics
